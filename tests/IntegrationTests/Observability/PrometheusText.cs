using System.Globalization;
using System.Text;

namespace Attachments.IntegrationTests.Observability;

/// <summary>The samples of one scrape of <c>/metrics</c> (Prometheus text exposition format), parsed.</summary>
internal sealed class PrometheusText
{
    private readonly List<Sample> _samples;

    private PrometheusText(string text, List<Sample> samples)
    {
        Text = text;
        _samples = samples;
    }

    public string Text { get; }

    public IReadOnlyList<Sample> Samples => _samples;

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include all of <paramref name="labels"/>; 0 when none.</summary>
    public double Value(string name, params (string Name, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).Sum(s => s.Value);

    public bool Has(string name) => _samples.Any(s => s.Name == name);

    public static PrometheusText Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
                continue;

            samples.Add(ParseSample(line));
        }

        return new PrometheusText(text, samples);
    }

    private static Sample ParseSample(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var nameEnd = line.IndexOfAny(['{', ' ']);
        var name = line[..nameEnd];
        var at = nameEnd;
        if (line[at] == '{')
        {
            at++;
            while (line[at] != '}')
            {
                var equals = line.IndexOf('=', at);
                var labelName = line[at..equals].Trim();
                at = equals + 1;
                if (line[at] != '"')
                    throw new FormatException($"Label value not quoted: {line}");

                var value = new StringBuilder();
                for (at++; line[at] != '"'; at++)
                {
                    if (line[at] == '\\')
                    {
                        at++;
                        value.Append(line[at] switch { 'n' => '\n', var c => c });
                    }
                    else
                    {
                        value.Append(line[at]);
                    }
                }

                labels[labelName] = value.ToString();
                at++;
                if (line[at] == ',')
                    at++;
            }

            at++;
        }

        var fields = line[at..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var number = fields[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var f => double.Parse(f, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, number);
    }

    internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
