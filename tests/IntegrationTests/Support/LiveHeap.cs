namespace Attachments.IntegrationTests.Support;

/// <summary>The largest live managed heap seen while some work runs.</summary>
internal static class LiveHeap
{
    public static async Task<long> SamplePeakAsync(CancellationToken stop)
    {
        long peak = 0;
        while (!stop.IsCancellationRequested)
        {
            // A full collection each time: what is measured is what the work keeps alive, not its garbage.
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            await Task.Delay(50, CancellationToken.None);
        }

        return peak;
    }
}
