using System.Reflection;
using System.Xml.Linq;
using Attachments.Domain.Entities;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Routing;
using NetArchTest.Rules;

namespace Attachments.UnitTests.Architecture;

public class LayerDependencyTests
{
    private const string DomainNamespace = "Attachments.Domain";
    private const string ApplicationNamespace = "Attachments.Application";
    private const string InfrastructureNamespace = "Attachments.Infrastructure";
    private const string ApiNamespace = "Attachments.Api";
    private const string ControllersNamespace = "Attachments.Api.Controllers";

    private static readonly Assembly DomainAssembly = typeof(Attachment).Assembly;
    private static readonly Assembly ApplicationAssembly = typeof(Application.DependencyInjection).Assembly;
    private static readonly Assembly InfrastructureAssembly = typeof(Infrastructure.DependencyInjection).Assembly;
    private static readonly Assembly ApiAssembly = typeof(Api.DependencyInjection).Assembly;

    private static readonly Assembly[] AllAssemblies =
        [DomainAssembly, ApplicationAssembly, InfrastructureAssembly, ApiAssembly];

    [Test]
    public void DependencyRules_SeeRealDependencies()
    {
        var result = Types.InAssembly(InfrastructureAssembly)
            .That().HaveDependencyOn("Microsoft.EntityFrameworkCore")
            .GetTypes();

        Assert.That(result, Is.Not.Empty,
            "NetArchTest found no EF Core dependency in Infrastructure, so the rules below would pass without looking.");
    }

    [Test]
    public void Domain_DependsOnNothing()
    {
        var result = Types.InAssembly(DomainAssembly)
            .ShouldNot().HaveDependencyOnAny(
                ApplicationNamespace, InfrastructureNamespace, ApiNamespace,
                "Microsoft.EntityFrameworkCore", "MediatR", "FluentValidation", "AutoMapper",
                "ImageMagick", "Npgsql", "Microsoft.AspNetCore")
            .GetResult();

        AssertSuccessful(result, "Domain must not depend on other layers or packages");
    }

    [Test]
    public void DomainProject_HasNoPackageOrProjectReferences()
    {
        var project = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "Domain", "Domain.csproj"));

        var references = project.Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference" or "FrameworkReference")
            .Select(e => $"{e.Name.LocalName} {(string?)e.Attribute("Include")}")
            .ToList();

        Assert.That(references, Is.Empty, "src/Domain/Domain.csproj must reference nothing");
    }

    [Test]
    public void Application_DoesNotDependOnInfrastructureApiOrDrivers()
    {
        var result = Types.InAssembly(ApplicationAssembly)
            .ShouldNot().HaveDependencyOnAny(
                InfrastructureNamespace, ApiNamespace, "Npgsql", "ImageMagick", "Microsoft.AspNetCore")
            .GetResult();

        AssertSuccessful(result, "Application must reach infrastructure only through its ports");
    }

    [Test]
    public void Infrastructure_DoesNotDependOnApi()
    {
        var result = Types.InAssembly(InfrastructureAssembly)
            .ShouldNot().HaveDependencyOn(ApiNamespace)
            .GetResult();

        AssertSuccessful(result, "Infrastructure must not depend on Api");
    }

    [Test]
    public void Controllers_DoNotDependOnInfrastructureEfCoreOrMagick()
    {
        var controllers = Types.InAssembly(ApiAssembly).That().ResideInNamespace(ControllersNamespace);
        Assert.That(controllers.GetTypes(), Is.Not.Empty, $"no types found in {ControllersNamespace}");

        var result = Types.InAssembly(ApiAssembly)
            .That().ResideInNamespace(ControllersNamespace)
            .ShouldNot().HaveDependencyOnAny(InfrastructureNamespace, "Microsoft.EntityFrameworkCore", "ImageMagick")
            .GetResult();

        AssertSuccessful(result, "Controllers must only bind, send through MediatR and wrap");
    }

    [Test]
    public void RequestHandlers_LiveInApplication()
    {
        var handlers = AllAssemblies.SelectMany(a => a.GetTypes()).Where(IsRequestHandler).ToList();
        Assert.That(handlers, Is.Not.Empty, "no MediatR request handlers found at all");

        var misplaced = handlers
            .Where(t => t.Assembly != ApplicationAssembly || !IsInNamespace(t, ApplicationNamespace))
            .Select(t => t.FullName)
            .ToList();

        Assert.That(misplaced, Is.Empty, "MediatR request handlers outside Attachments.Application");
    }

    [Test]
    public void RequestHandlers_AreSealed()
    {
        var unsealed = ApplicationAssembly.GetTypes()
            .Where(t => IsRequestHandler(t) && !t.IsAbstract && !t.IsSealed)
            .Select(t => t.FullName)
            .ToList();

        Assert.That(unsealed, Is.Empty, "request handlers that are not sealed");
    }

    [Test]
    public void ControllerActions_DeclareAuthorizeOrAllowAnonymous()
    {
        var actions = ApiAssembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ControllerBase).IsAssignableFrom(t))
            .SelectMany(controller => controller.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(method => method.IsDefined(typeof(HttpMethodAttribute), inherit: true))
                .Select(method => (Controller: controller, Action: method)))
            .ToList();
        Assert.That(actions, Is.Not.Empty, "no controller actions found");

        var undecided = actions
            .Where(x => !DecidesAuthorization(x.Action) && !DecidesAuthorization(x.Controller))
            .Select(x => $"{x.Controller.FullName}.{x.Action.Name}")
            .ToList();

        Assert.That(undecided, Is.Empty, "controller actions without [Authorize] or [AllowAnonymous]");
    }

    private static bool IsRequestHandler(Type type) =>
        type.IsClass && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>));

    private static bool IsInNamespace(Type type, string ns) =>
        type.Namespace is { } name && (name == ns || name.StartsWith(ns + ".", StringComparison.Ordinal));

    private static bool DecidesAuthorization(MemberInfo member) =>
        member.GetCustomAttributes(inherit: true).Any(a => a is IAuthorizeData or IAllowAnonymous);

    private static void AssertSuccessful(TestResult result, string rule) =>
        Assert.That(result.IsSuccessful, Is.True,
            $"{rule}; failing types: {string.Join(", ", result.FailingTypeNames ?? [])}");

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
             directory is not null;
             directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Attachments.sln")))
                return directory.FullName;
        }

        throw new DirectoryNotFoundException(
            $"No Attachments.sln above '{TestContext.CurrentContext.TestDirectory}'.");
    }
}
