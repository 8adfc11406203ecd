using Attachments.Application.Attachments.Commands.UploadAttachment;
using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Behaviours;
using Attachments.Application.Common.Interfaces;
using MediatR;
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
        services.AddScoped<IPipelineBehavior<UploadAttachmentCommand, AttachmentDto>, UploadMetricsBehaviour>();
        services.Decorate<IImageProcessor, MeteredImageProcessor>();
        return services;
    }
}
