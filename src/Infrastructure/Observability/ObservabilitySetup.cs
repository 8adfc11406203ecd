using Attachments.Application.Common.Interfaces;
using Microsoft.Extensions.DependencyInjection;

namespace Attachments.Infrastructure.Observability;

public static class ObservabilitySetup
{
    /// <summary>The <c>Attachments</c> meter and what feeds it; call after the image processor is registered.</summary>
    public static IServiceCollection AddAttachmentsMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<AttachmentsMetrics>();
        services.AddSingleton<IUploadMetrics>(provider => provider.GetRequiredService<AttachmentsMetrics>());
        services.AddSingleton<IRejectionMetrics>(provider => provider.GetRequiredService<AttachmentsMetrics>());
        services.Decorate<IImageProcessor, MeteredImageProcessor>();
        return services;
    }
}
