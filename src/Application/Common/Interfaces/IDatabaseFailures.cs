namespace Attachments.Application.Common.Interfaces;

/// <summary>Tells "the database cannot be reached or is shutting down" (answer 503, retry later) apart from bugs and refused statements.</summary>
public interface IDatabaseFailures
{
    bool IsUnavailable(Exception exception);
}
