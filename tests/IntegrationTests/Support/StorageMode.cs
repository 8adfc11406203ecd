using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace Attachments.IntegrationTests.Support;

/// <summary>Where the API under test keeps its files in this run: <c>ATTACHMENTS_TEST_STORAGE</c>, Disk (default) or S3.</summary>
internal static class StorageMode
{
    public const string Variable = "ATTACHMENTS_TEST_STORAGE";

    private static readonly Lazy<bool> LazyIsS3 = new(() =>
        Environment.GetEnvironmentVariable(Variable)?.Trim() switch
        {
            null or "" => false,
            var value when value.Equals("Disk", StringComparison.OrdinalIgnoreCase) => false,
            var value when value.Equals("S3", StringComparison.OrdinalIgnoreCase) => true,
            var value => throw new InvalidOperationException($"{Variable} is '{value}'; it must be Disk (the default) or S3."),
        });

    /// <summary>True when every API instance of the run uses <c>Storage:Provider=S3</c> against <see cref="S3Server"/>.</summary>
    public static bool IsS3 => LazyIsS3.Value;

    public static string Name => IsS3 ? "S3" : "Disk";
}

/// <summary>
/// A test (or fixture) about the local disk itself: fsync and rename order, a full or failing file system, paths and
/// links on it. Category <c>DiskOnly</c>, which <c>scripts/test.sh</c> leaves out of the S3 run; run by hand in S3 mode
/// it is ignored with this reason rather than failing for a reason that has nothing to do with S3.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class DiskOnlyAttribute(string why) : CategoryAttribute(Category), IApplyToTest
{
    public const string Category = "DiskOnly";

    public string Why { get; } = why;

    void IApplyToTest.ApplyToTest(Test test)
    {
        ApplyToTest(test);
        if (StorageMode.IsS3 && test.RunState != RunState.NotRunnable)
        {
            test.RunState = RunState.Ignored;
            test.Properties.Set(PropertyNames.SkipReason, $"DiskOnly in the S3 run: {Why}");
        }
    }
}
