using System.Reflection;
using Attachments.Application.Attachments.Commands.RebuildThumbnails;
using Attachments.Application.Attachments.Commands.ScanUploads;
using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Behaviours;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Delivery;
using Attachments.Application.Jobs.Common;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Attachments.Application;

public static class DependencyInjection
{
    public static IServiceCollection AddApplicationServices(this IServiceCollection services, IConfiguration configuration)
    {
        var assembly = Assembly.GetExecutingAssembly();

        // MediatR 5 ships no DI extension; handlers are registered by scanning instead.
        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();
        services.Scan(scan => scan
            .FromAssemblies(assembly)
            .AddClasses(classes => classes.AssignableTo(typeof(IRequestHandler<,>)))
            .AsImplementedInterfaces()
            .WithScopedLifetime());
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(TransactionBehaviour<,>));
        services.AddScoped<UploadContent>();
        services.AddScoped<UploadStore>();
        services.AddScoped<AttachmentTrash>();
        services.AddScoped<DeliveryUrls>();
        services.AddKeyedScoped<IBackgroundJob, ScanUploadsJob>(JobKinds.Scan);
        services.AddKeyedScoped<IBackgroundJob, RebuildThumbnailsJob>(JobKinds.ThumbRebuild);

        services.AddValidatorsFromAssembly(assembly, includeInternalTypes: true);
        services.AddAutoMapper(
            cfg => cfg.LicenseKey = configuration["AutoMapper:LicenseKey"],
            assembly);

        return services;
    }
}
