using Attachments.Api;
using Attachments.Api.Envelope;
using Attachments.Api.Infrastructure;
using Attachments.Api.Observability;
using Attachments.Api.OpenApi;
using Attachments.Application;
using Attachments.Application.Common.Options;
using Attachments.Infrastructure;
using Attachments.Infrastructure.Data;
using Attachments.Infrastructure.Files;
using Attachments.Infrastructure.Imaging;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.UseReadableLogsInTerminal();
builder.Logging.QuietHostErrorsUntilListening();

builder.Services.AddApplicationServices(builder.Configuration);
builder.Services.AddInfrastructureServices(builder.Configuration);
builder.Services.AddApiServices(builder.Configuration, builder.Environment);

var app = builder.Build();

MagickSecurityPolicy.Apply(app.Services.GetRequiredService<IOptions<ImageOptions>>().Value);
MagickSecurityPolicy.Verify();

await app.Services.GetRequiredService<IStoredFiles>().InitialiseAsync(app.Lifetime.ApplicationStopping);
await using (var scope = app.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>().InitialiseAsync(app.Lifetime.ApplicationStopping);
    await app.Services.GetRequiredService<StorageSweeper>().SweepEverythingAsync(app.Lifetime.ApplicationStopping);
}

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
