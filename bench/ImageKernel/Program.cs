using Attachments.Bench.ImageKernel;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

if (args is ["inputs", ..])
{
    // For measuring the real service with them (decision 022's memory figures): prints the folder.
    BenchInputs.Make();
    Console.WriteLine(BenchInputs.Folder);
    return;
}

if (args is ["cpu", var file, ..])
{
    await KernelCpu.RunAsync(file, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 50);
    return;
}

if (args is ["png-settings", ..])
{
    PngSettingsTable.Print();
    return;
}

// In process and a few iterations each, so the whole suite finishes in minutes on two cores.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithWarmupCount(2).WithIterationCount(5).WithLaunchCount(1).WithToolchain(InProcessEmitToolchain.Instance))
    .WithArtifactsPath(Path.Combine(BenchInputs.Folder, "results"));
BenchmarkSwitcher.FromAssembly(typeof(KernelBenchmarks).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
