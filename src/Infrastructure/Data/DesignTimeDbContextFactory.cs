using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Attachments.Infrastructure.Data;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the API or reaching a database.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AttachmentsDbContext>
{
    public AttachmentsDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AttachmentsDbContext>();
        DependencyInjection.ConfigureDbContext(options, "Host=localhost;Database=attachments");
        return new AttachmentsDbContext(options.Options);
    }
}
