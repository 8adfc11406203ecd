using System.Collections;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Attachments.Api.Envelope;

/// <summary>
/// Model-binding failures (bad JSON, a word where a number belongs) answer 400 in the envelope, in the service's own
/// words: which body and where, never the serializer's text.
/// </summary>
public static class InvalidModelStateResponse
{
    public static IActionResult Create(ActionContext context)
    {
        var writer = context.HttpContext.RequestServices.GetRequiredService<EnvelopeWriter>();
        var message = DescribeJsonError(context) ?? DescribeOtherErrors(context.ModelState);
        return new BadRequestObjectResult(writer.Error(context.HttpContext, StatusCodes.Status400BadRequest, message));
    }

    private static string? DescribeJsonError(ActionContext context)
    {
        var request = context.HttpContext.Request;
        var body = $"The JSON body of {request.Method} {request.Path}";
        var errors = context.ModelState.Values.SelectMany(entry => entry.Errors).ToList();

        if (errors.Select(e => e.Exception).OfType<JsonException>().FirstOrDefault() is { } json)
        {
            var where = json.LineNumber is { } line && json.BytePositionInLine is { } position
                ? $" at line {line + 1}, position {position + 1}"
                : "";
            // The reader's own exceptions (bad syntax, a body cut short) come wrapped; a value of the wrong type does not.
            if (json.InnerException is JsonException)
                return $"{body} is not valid JSON{where}: check for a missing quote, comma or bracket, or a body cut short.";
            if (json.Path is null or "$")
                return $"{body} must be a JSON object{where}.";

            var field = FieldName(json.Path);
            return $"{body} has a wrong type{where}: {field} must be {Expected(BodyType(context), json.Path)}.";
        }

        // Without a JSON error, a body parameter that failed to bind had no body to read.
        return request.ContentLength is null or 0 && errors.Count > 0 && BodyType(context) is not null
            ? $"{body} is empty; send a JSON object."
            : null;
    }

    private static string DescribeOtherErrors(ModelStateDictionary modelState)
    {
        var problems = modelState
            .Where(entry => entry.Value is { Errors.Count: > 0 })
            .Select(entry => Describe(entry.Key, entry.Value!.Errors[0]))
            .ToList();
        return problems.Count == 0 ? "The request is not valid." : string.Join(" ", problems);
    }

    private static string Describe(string field, ModelError error)
    {
        var name = field.TrimStart('$', '.');
        var text = string.IsNullOrEmpty(error.ErrorMessage) ? "is not valid." : error.ErrorMessage;
        return name.Length == 0 || name == "request" ? text : $"{name}: {text}";
    }

    private static Type? BodyType(ActionContext context) => context.ActionDescriptor.Parameters
        .FirstOrDefault(p => p.BindingInfo?.BindingSource == BindingSource.Body)?.ParameterType;

    // "$.ids[2]" -> "ids[2]"
    private static string FieldName(string path) => path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    /// <summary>Follows a JSON path such as <c>$.permissions[1]</c> through the body's type to the type expected there.</summary>
    private static string Expected(Type? bodyType, string path)
    {
        var type = bodyType;
        foreach (var segment in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            type = type?.GetProperties().FirstOrDefault(p =>
                string.Equals(JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), name, StringComparison.Ordinal))?.PropertyType;
            if (bracket >= 0)
                type = type is null ? null : ElementType(type);
        }

        return type is null ? "of another type" : Describe(type);
    }

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
            return "a string";
        if (type == typeof(bool))
            return "true or false";
        if (type == typeof(Guid))
            return "a UUID string";
        if (type == typeof(long) || type == typeof(int) || type == typeof(short))
            return "a whole number";
        if (type.IsPrimitive || type == typeof(decimal))
            return "a number";
        if (ElementType(type) is { } element)
            return $"an array of {Plural(Describe(element))}";
        return "a JSON object";
    }

    private static Type? ElementType(Type type) =>
        type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type)
            ? null
            : type.IsArray ? type.GetElementType() : type.GetGenericArguments().FirstOrDefault();

    private static string Plural(string description) => description switch
    {
        "a string" => "strings",
        "a whole number" => "whole numbers",
        "a number" => "numbers",
        "true or false" => "true or false values",
        _ => "values",
    };
}
