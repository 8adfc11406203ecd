using Microsoft.AspNetCore.Mvc;

namespace Attachments.Api.Envelope;

/// <summary>Model-binding failures (bad JSON, a word where a number belongs) answer 400 in the envelope.</summary>
public static class InvalidModelStateResponse
{
    public static IActionResult Create(ActionContext context)
    {
        var problems = context.ModelState
            .Where(entry => entry.Value is { Errors.Count: > 0 })
            .Select(entry => Describe(entry.Key, entry.Value!.Errors[0]))
            .ToList();

        var message = problems.Count == 0 ? "The request is not valid." : string.Join(" ", problems);
        var writer = context.HttpContext.RequestServices.GetRequiredService<EnvelopeWriter>();
        return new BadRequestObjectResult(writer.Error(context.HttpContext, StatusCodes.Status400BadRequest, message));
    }

    private static string Describe(string field, Microsoft.AspNetCore.Mvc.ModelBinding.ModelError error)
    {
        var name = field.TrimStart('$', '.');
        var text = string.IsNullOrEmpty(error.ErrorMessage) ? "is not valid." : error.ErrorMessage;
        return name.Length == 0 || name == "request" ? text : $"{name}: {text}";
    }
}
