using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Attachments.IntegrationTests.OpenApi;

/// <summary>
/// Checks a JSON value against a schema of the OpenAPI document, for the subset the document uses:
/// type (string or array), nullable, properties, required, items, $ref, enum, additionalProperties,
/// anyOf / oneOf / allOf. Formats, patterns and bounds are not checked. A property not declared by a schema with
/// properties is an error, except in an anyOf / oneOf branch for properties its parent declares (a branch that only
/// says which of them must be present).
/// </summary>
internal sealed class OpenApiSchemaValidator(JsonNode document)
{
    public IReadOnlyList<string> Validate(JsonElement value, JsonNode? schema)
    {
        var errors = new List<string>();
        Check(value, schema, "$", errors, depth: 0, declaredByParent: null);
        return errors;
    }

    private void Check(JsonElement value, JsonNode? schema, string at, List<string> errors, int depth, IReadOnlySet<string>? declaredByParent)
    {
        if (depth > 64)
        {
            errors.Add($"{at}: schema nesting too deep (a $ref loop?)");
            return;
        }

        if (schema is not JsonObject node)
            return;

        if (node["$ref"] is { } reference)
        {
            Check(value, Resolve(reference.GetValue<string>()), at, errors, depth + 1, declaredByParent);
            return;
        }

        if (node["allOf"] is JsonArray allOf)
        {
            foreach (var part in allOf)
                Check(value, part, at, errors, depth + 1, declaredByParent);
        }

        var declared = (node["properties"] as JsonObject)?.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var keyword in new[] { "anyOf", "oneOf" })
        {
            if (node[keyword] is not JsonArray choices)
                continue;

            var matches = choices.Count(choice =>
            {
                var sub = new List<string>();
                Check(value, choice, at, sub, depth + 1, declared);
                return sub.Count == 0;
            });
            if (matches == 0 || (keyword == "oneOf" && matches > 1))
                errors.Add($"{at}: matches {matches} of the {keyword} schemas");
        }

        var types = Types(node);
        if (types.Count > 0 && !types.Any(t => IsOfType(value, t)))
        {
            errors.Add($"{at}: {value.ValueKind} {Short(value)} is not of type {string.Join("|", types)}");
            return;
        }

        if (node["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, JsonNode.Parse(value.GetRawText()))))
            errors.Add($"{at}: {Short(value)} is not one of {allowed.ToJsonString()}");

        if (value.ValueKind == JsonValueKind.Object)
            CheckObject(value, node, at, errors, depth, declaredByParent);
        else if (value.ValueKind == JsonValueKind.Array && node["items"] is { } items)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
                Check(item, items, $"{at}[{index++}]", errors, depth + 1, declaredByParent: null);
        }
    }

    private void CheckObject(JsonElement value, JsonObject node, string at, List<string> errors, int depth, IReadOnlySet<string>? declaredByParent)
    {
        var properties = node["properties"] as JsonObject;
        if (node["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => r!.GetValue<string>()))
            {
                if (!value.TryGetProperty(name, out _))
                    errors.Add($"{at}: required property '{name}' is missing");
            }
        }

        foreach (var property in value.EnumerateObject())
        {
            var path = $"{at}.{property.Name}";
            if (properties?[property.Name] is { } propertySchema)
                Check(property.Value, propertySchema, path, errors, depth + 1, declaredByParent: null);
            else if (declaredByParent?.Contains(property.Name) == true)
                continue;
            else if (node["additionalProperties"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.False)
                errors.Add($"{path}: not allowed (additionalProperties: false)");
            else if (node["additionalProperties"] is JsonObject extra)
                Check(property.Value, extra, path, errors, depth + 1, declaredByParent: null);
            else if (properties is not null)
                errors.Add($"{path}: not documented");
        }
    }

    private JsonNode? Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
            throw new InvalidOperationException($"Only local $refs are supported, not {reference}");

        JsonNode? current = document;
        foreach (var segment in reference[2..].Split('/'))
            current = current?[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];

        return current ?? throw new InvalidOperationException($"{reference} does not resolve");
    }

    private static List<string> Types(JsonObject node)
    {
        var types = node["type"] switch
        {
            JsonArray array => array.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue single => [single.GetValue<string>()],
            _ => [],
        };
        if (types.Count > 0 && node["nullable"] is JsonValue nullable && nullable.GetValueKind() == JsonValueKind.True)
            types.Add("null");

        return types;
    }

    private static bool IsOfType(JsonElement value, string type) => type switch
    {
        "null" => value.ValueKind == JsonValueKind.Null,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number
            && decimal.TryParse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && number == decimal.Truncate(number),
        _ => throw new InvalidOperationException($"Unknown schema type '{type}'"),
    };

    private static string Short(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 80 ? text : text[..77] + "...";
    }
}
