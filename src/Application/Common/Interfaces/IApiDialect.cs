namespace Attachments.Application.Common.Interfaces;

/// <summary>Which of the two APIs the current request came in through (<see cref="ApiDialects"/>), from its endpoint.</summary>
public interface IApiDialect
{
    string Name { get; }
}
