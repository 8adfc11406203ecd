using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Scale;

/// <summary>
/// Debian's nginx as a round-robin load balancer in front of the API instances: a child process (no daemon, no
/// master, so SIGKILL ends all of it) with its own prefix, configuration, pid, logs and temp folders in a temp
/// directory, on a free loopback port. The settings that matter for this service are included from
/// <see cref="ProxySettings"/>, the file <c>deploy/nginx/default.conf</c> includes: request bodies streamed through
/// (<c>proxy_request_buffering off</c> over HTTP/1.1), no body size limit of nginx's own, and the client's address and
/// scheme in X-Forwarded-For/-Proto. Every answer says which instance gave it in <c>X-Upstream</c>.
/// </summary>
internal sealed class NginxProxy : IAsyncDisposable
{
    public const string UpstreamHeader = "X-Upstream";

    /// <summary>The proxy settings that ship with the service, included here as they are.</summary>
    public const string ProxySettings = "deploy/nginx/attachments-proxy.conf";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private readonly string _prefix;

    private NginxProxy(Process process, ConcurrentQueue<string> output, string prefix, int port)
    {
        _process = process;
        _output = output;
        _prefix = prefix;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri BaseAddress { get; }

    /// <summary>nginx's own output, its error log and its access log (which names the upstream of every request).</summary>
    public string Output =>
        string.Join(Environment.NewLine, _output) + Environment.NewLine + ReadQuietly("error.log") + Environment.NewLine + ReadQuietly("access.log");

    /// <summary>Starts nginx balancing over <paramref name="upstreams"/> (host:port each) and waits until it accepts connections.</summary>
    public static async Task<NginxProxy> StartAsync(IReadOnlyList<string> upstreams)
    {
        var nginx = ScaleTools.Require("nginx", "nginx");
        var failures = new List<string>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var prefix = Directory.CreateTempSubdirectory("attachments-nginx-").FullName;
            foreach (var folder in new[] { "logs", "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
                Directory.CreateDirectory(Path.Combine(prefix, folder));

            var port = ScaleTools.FreePort();
            var config = Path.Combine(prefix, "nginx.conf");
            await File.WriteAllTextAsync(config, Configuration(prefix, port, upstreams));

            var output = new ConcurrentQueue<string>();
            // -e: the error log from the first line on (before the configuration is read), never /var/log/nginx.
            var process = ScaleTools.Start(nginx, ["-p", prefix, "-c", config, "-e", Path.Combine(prefix, "error.log")], output, prefix);
            var proxy = new NginxProxy(process, output, prefix, port);
            try
            {
                await ScaleTools.WaitForPortAsync(port, () => process.HasExited, TimeSpan.FromSeconds(20), () => proxy.Output);
                return proxy;
            }
            catch (InvalidOperationException e)
            {
                // Most likely the port was taken between the check and nginx binding it: another port, another try.
                failures.Add($"attempt {attempt}, port {port}: {e.Message}");
                await proxy.DisposeAsync();
            }
        }

        throw new InvalidOperationException("nginx did not start:" + Environment.NewLine + string.Join(Environment.NewLine, failures));
    }

    /// <summary>The instance that answered: the last address of nginx's <c>$upstream_addr</c> (earlier ones refused the connection).</summary>
    public static string? UpstreamOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(UpstreamHeader, out var values)
            ? values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).LastOrDefault()
            : null;

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

    public async ValueTask DisposeAsync()
    {
        await ScaleTools.KillAsync(_process);
        _process.Dispose();
        ScaleTools.DeleteQuietly(_prefix);
    }

    private string ReadQuietly(string name)
    {
        try
        {
            var path = Path.Combine(_prefix, name);
            return File.Exists(path) ? $"--- nginx {name} ---{Environment.NewLine}{File.ReadAllText(path)}" : string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <remarks>
    /// <c>max_fails=0</c>: a dead instance is never taken out of the rotation, so requests keep alternating and each one
    /// that finds an instance dead (connection refused, before any byte of the body is sent) is passed to the other
    /// (<c>proxy_next_upstream error</c>, the default). A request whose body was already being streamed to the instance
    /// that dies cannot be passed on: nginx answers 502. <c>master_process off</c>: one process, which a test can kill.
    /// </remarks>
    private static string Configuration(string prefix, int port, IReadOnlyList<string> upstreams)
    {
        string P(string name) => Path.Combine(prefix, name);
        var servers = string.Concat(upstreams.Select(u => $"        server {u} max_fails=0;{Environment.NewLine}"));
        return string.Create(CultureInfo.InvariantCulture, $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{P("nginx.pid")}};
            error_log {{P("error.log")}} warn;

            events {
                worker_connections 512;
            }

            http {
                log_format upstream '$remote_addr "$request" $status $body_bytes_sent upstream=$upstream_addr upstream_status=$upstream_status';
                access_log {{P("access.log")}} upstream;
                client_body_temp_path {{P("client_body")}};
                proxy_temp_path {{P("proxy")}};
                fastcgi_temp_path {{P("fastcgi")}};
                uwsgi_temp_path {{P("uwsgi")}};
                scgi_temp_path {{P("scgi")}};

                upstream attachments {
            {{servers}}        keepalive 16;
                }

                server {
                    listen 127.0.0.1:{{port}};

                    # What deploy/nginx/default.conf includes: body size, streaming, timeouts, forwarded headers.
                    include {{Repository.File(ProxySettings)}};

                    add_header {{UpstreamHeader}} $upstream_addr always;

                    location / {
                        proxy_pass http://attachments;
                    }
                }
            }
            """);
    }
}
