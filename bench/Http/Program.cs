using System.Diagnostics;
using System.Globalization;
using Attachments.Bench.Http;

// bench/run.sh runs this after installing the baselines; see bench/README.md.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var repo = Path.GetFullPath(args.Length > 0 ? args[0] : Directory.GetCurrentDirectory());
var fixtures = Environment.GetEnvironmentVariable("ATTACHMENTS_FIXTURES") ?? Path.GetFullPath(Path.Combine(repo, "..", "shared", "fixtures", "images"));
var listRows = long.Parse(Environment.GetEnvironmentVariable("BENCH_LIST_ROWS") ?? "1000000", CultureInfo.InvariantCulture);
var largeListRows = long.Parse(Environment.GetEnvironmentVariable("BENCH_LIST_ROWS_LARGE") ?? "0", CultureInfo.InvariantCulture);
var output = Environment.GetEnvironmentVariable("BENCH_OUTPUT") ?? Path.Combine(repo, "docs", "benchmarks.md");

var clock = Stopwatch.StartNew();
await using var service = await ServiceUnderTest.StartAsync(repo);
using var client = await ServiceClient.LogInAsync(service.BaseAddress);
var work = Path.Combine(repo, ".data", "bench", "work");
Directory.CreateDirectory(work);
var inputs = new Inputs(fixtures, Path.Combine(repo, ".data", "bench", "inputs"));
var run = new BenchmarkRun(service, client, inputs, new Baselines(repo, work), fixtures);

// BENCH_ONLY=list,memory (say) runs only those groups, for working on one of them; the page is written from those alone.
var only = (Environment.GetEnvironmentVariable("BENCH_ONLY") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
bool Runs(string group) => only.Length == 0 || only.Contains(group);

await run.WarmUpAsync();
if (Runs("jpeg"))
    await run.ImageUploadsAsync();
if (Runs("png"))
    await run.LargePngAsync();
if (Runs("plain"))
    await run.PlainUploadsAsync();
if (Runs("overhead"))
    await run.SmallImageOverheadAsync();
if (Runs("thumbnails"))
    await run.ThumbnailRebuildAsync();
if (Runs("delivery"))
    await run.DeliveryAsync();
if (Runs("huge"))
    await run.HugeUploadAsync();
if (Runs("memory"))
    await run.ConcurrentMemoryAsync();
if (Runs("list"))
{
    await run.ListAsync(listRows);
    await run.GetAllImagesAsync(listRows);
    if (largeListRows > listRows)
        await run.ListAsync(largeListRows);
}

var notesPath = Path.Combine(repo, "bench", "notes.md");
var notes = File.Exists(notesPath) ? await File.ReadAllTextAsync(notesPath) : "";
var command = "bench/run.sh" + (largeListRows > 0 ? $"   # BENCH_LIST_ROWS_LARGE={largeListRows}" : "");
await File.WriteAllTextAsync(output, run.Report.Write(await Machine.DescribeAsync(service), command, clock.Elapsed, notes));
Console.WriteLine($"[bench] wrote {output} in {clock.Elapsed.TotalMinutes:0.0} min");
