using NUnit.Framework.Interfaces;
using static Attachments.Application.FunctionalTests.Testing;

namespace Attachments.Application.FunctionalTests;

/// <summary>Each test starts from empty tables and an empty storage root, and ends with the storage settled.</summary>
public abstract class BaseTestFixture
{
    [SetUp]
    public Task StartCleanAsync() => ResetStateAsync();

    [TearDown]
    public async Task StorageMatchesTheRowsAsync()
    {
        // A failed test's own message says more than the state it left.
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Passed)
            await AssertSettledAsync();
    }
}
