using System.Reflection;
using System.Text.RegularExpressions;
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
    private const string CompositionNamespace = "Attachments.Api.Composition";

    private static readonly string[] InfrastructureAndDrivers =
        [InfrastructureNamespace, "Microsoft.EntityFrameworkCore", "Npgsql", "ImageMagick"];

    // NetArchTest matches whole name segments: "System.IO.File" catches File and its nested types but not FileMode,
    // so the types that only serve opening files are named too. Stream, MemoryStream and Path stay allowed.
    private static readonly string[] FileSystemTypes =
    [
        "System.IO.File", "System.IO.Directory", "System.IO.FileInfo", "System.IO.DirectoryInfo",
        "System.IO.FileStream", "System.IO.DriveInfo", "System.IO.FileSystemInfo", "System.IO.FileSystemWatcher",
        "System.IO.RandomAccess", "System.IO.Enumeration", "Microsoft.Win32.SafeHandles.SafeFileHandle",
        "System.IO.FileMode", "System.IO.FileAccess", "System.IO.FileShare", "System.IO.FileOptions",
        "System.IO.FileStreamOptions",
    ];

    private static readonly Regex InfrastructureOrDriverInSource = new(
        @"^\s*(global\s+)?using\s+(static\s+)?(\w+\s*=\s*)?(global::)?(Attachments\.Infrastructure|Microsoft\.EntityFrameworkCore|Npgsql|ImageMagick)\b" +
        @"|\bAttachments\.Infrastructure\.",
        RegexOptions.Multiline | RegexOptions.CultureInvariant);

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
    public void ApiRule_SeesRealInfrastructureDependencies()
    {
        var result = Types.InAssembly(ApiAssembly)
            .That().HaveDependencyOnAny(InfrastructureAndDrivers)
            .GetTypes();

        Assert.That(result, Does.Contain(typeof(Program)),
            "NetArchTest sees no Infrastructure dependency in Program, so the Api rule below would pass without looking.");
    }

    /// <summary>
    /// Only the composition root wires Infrastructure in: <c>Program</c> (the top-level statements), the Api's
    /// <c>DependencyInjection</c> and the types in <c>Attachments.Api.Composition</c>. Every other Api type reaches
    /// Infrastructure through the Application's ports and options.
    /// </summary>
    [Test]
    public void Api_OutsideCompositionRoot_DoesNotDependOnInfrastructureOrDrivers()
    {
        var result = Types.InAssembly(ApiAssembly)
            .ShouldNot().HaveDependencyOnAny(InfrastructureAndDrivers)
            .GetResult();

        var failing = (result.FailingTypes ?? [])
            .Where(t => !IsApiCompositionRoot(t))
            .Select(t => t.FullName)
            .ToList();

        Assert.That(failing, Is.Empty,
            $"Api types outside the composition root (Program, {typeof(Api.DependencyInjection).FullName}, " +
            $"{CompositionNamespace}) that depend on {string.Join(", ", InfrastructureAndDrivers)}");
    }

    /// <summary>
    /// The same rule read in the source: a constant from Infrastructure (a health-check tag, a meter name) is compiled
    /// into its user and leaves no reference for NetArchTest to see.
    /// </summary>
    [Test]
    public void ApiSources_OutsideCompositionRoot_DoNotUseInfrastructureOrDrivers()
    {
        var api = Path.Combine(RepositoryRoot(), "src", "Api");
        var sources = Directory.EnumerateFiles(api, "*.cs", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(api, file).Replace('\\', '/'))
            .Where(file => !file.StartsWith("bin/", StringComparison.Ordinal) && !file.StartsWith("obj/", StringComparison.Ordinal))
            .ToList();
        Assert.That(sources, Does.Contain("Program.cs"), $"no Api sources found under {api}");

        var failing = sources
            .Where(file => file is not ("Program.cs" or "DependencyInjection.cs") && !file.StartsWith("Composition/", StringComparison.Ordinal))
            .Where(file => InfrastructureOrDriverInSource.IsMatch(File.ReadAllText(Path.Combine(api, file))))
            .ToList();

        Assert.That(failing, Is.Empty,
            $"src/Api files outside Program.cs, DependencyInjection.cs and Composition/ that use {string.Join(", ", InfrastructureAndDrivers)}");
    }

    [Test]
    public void FileSystemRule_SeesFileTypesButNotStreamOrPath()
    {
        var infrastructure = Types.InAssembly(InfrastructureAssembly)
            .That().HaveDependencyOnAny(FileSystemTypes)
            .GetTypes();
        Assert.That(infrastructure, Is.Not.Empty,
            "NetArchTest sees no System.IO.File dependency in Infrastructure, so the file-system rule would pass without looking.");

        var samples = Types.InAssembly(typeof(LayerDependencyTests).Assembly)
            .That().ResideInNamespace(typeof(FileSystemSamples.OpensFileStream).Namespace)
            .And().HaveDependencyOnAny(FileSystemTypes)
            .GetTypes()
            .Select(t => t.Name)
            .ToList();
        Assert.That(samples, Is.EquivalentTo(new[] { nameof(FileSystemSamples.OpensFileStream), nameof(FileSystemSamples.UsesFileMode) }),
            "the file-system rule must catch FileStream and File* enums, and leave Stream and Path alone");
    }

    /// <summary>Files and folders are the storage port's business; Application reads and writes streams only.</summary>
    [Test]
    public void Application_DoesNoFileSystemIo()
    {
        var result = Types.InAssembly(ApplicationAssembly)
            .ShouldNot().HaveDependencyOnAny(FileSystemTypes)
            .GetResult();

        AssertSuccessful(result, "Application must reach files only through its storage port (System.IO.Stream and Path are fine)");
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

    private static bool IsApiCompositionRoot(Type type)
    {
        var outermost = type;
        while (outermost.DeclaringType is { } declaring)
            outermost = declaring;

        return outermost == typeof(Program)
            || outermost == typeof(Api.DependencyInjection)
            || IsInNamespace(outermost, CompositionNamespace);
    }

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
