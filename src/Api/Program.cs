using Attachments.Api;
using Attachments.Api.Envelope;
using Attachments.Api.Infrastructure;
using Attachments.Api.Observability;
using Attachments.Api.OpenApi;
using Attachments.Application;
using Attachments.Application.Common.Options;
using Attachments.Infrastructure;
using Attachments.Infrastructure.Files;
using Attachments.Infrastructure.Imaging;
using Attachments.Infrastructure.Startup;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

var builder = WebApplication.CreateBuilder(args);
builder.UseReadableLogsInTerminal();
builder.Logging.QuietHostErrorsUntilListening();

builder.Services.AddApplicationServices(builder.Configuration);
builder.Services.AddInfrastructureServices(builder.Configuration);
builder.Services.AddApiServices(builder.Configuration, builder.Environment);

var app = builder.Build();

MagickSecurityPolicy.Apply(app.Services.GetRequiredService<IOptions<ImageOptions>>().Value);
MagickSecurityPolicy.Verify();
if (!MagickImageProcessor.TurnsJpegsWithTurboJpeg)
{
    app.Logger.LogWarning(
        "libturbojpeg.so.0 (Debian package libturbojpeg0) was not found: EXIF-rotated JPEGs are turned upright by ImageMagick instead, several times slower and never losslessly.");
}

await using (var scope = app.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<SharedStartupWork>().RunAsync(app.Lifetime.ApplicationStopping);
    await app.Services.GetRequiredService<StorageSweeper>().SweepEverythingAsync(app.Lifetime.ApplicationStopping);
}

// Connects to Redis, or says that it cannot, before a rate-limited request has to wait for it.
app.Services.GetService<IConnectionMultiplexer>();

app.UseTrustedProxies();
app.UseRequestIds();
app.UseEnvelopeStatus();
app.UseAdminOriginsCors();
app.UseExceptionHandler();
app.UseStatusCodePages(async context =>
{
    var http = context.HttpContext;
    await http.RequestServices.GetRequiredService<EnvelopeWriter>().WriteErrorAsync(
        http, http.Response.StatusCode, StatusMessages.For(http.Response.StatusCode, http.Request));
});
app.UseUploadsFileServer();
app.UseAdminApp();
app.UseApiDocumentation();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseRequestTimeouts();
app.MapControllers();
app.MapHealthEndpoints();
app.MapMetricsEndpoint();

return await ServerStartup.RunAsync(app);

public partial class Program;
