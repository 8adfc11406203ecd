namespace Attachments.Api.Envelope;

/// <summary>Settings for front ends written against other servers of the CMS dialect (section <c>Compat</c>).</summary>
public sealed class CompatOptions
{
    public const string SectionName = "Compat";

    public EnvelopeStatusMode EnvelopeStatus { get; set; } = EnvelopeStatusMode.Http;
}

public enum EnvelopeStatusMode
{
    /// <summary>The HTTP status tells the class of the outcome (400, 401, 404, …), as well as <c>code</c>.</summary>
    Http,

    /// <summary>Every <c>/api/...</c> envelope answers HTTP 200, as AnqiCMS's own server does; only <c>code</c> tells.</summary>
    AlwaysOk,
}
