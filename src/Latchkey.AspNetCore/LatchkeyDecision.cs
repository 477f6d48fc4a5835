using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Latchkey.AspNetCore;

/// <summary>The verify API's answer to the Authorize part of a verify call, kept for the request.</summary>
internal sealed record LatchkeyDecision(string Action, string Resource, bool IsAllowed, string? Code, string? Message, JsonObject? AccessDeniedDetail)
{
    private const string Item = "Latchkey.AspNetCore.Decision";

    public static LatchkeyDecision? Of(HttpContext context) =>
        context.Items.TryGetValue(Item, out var value) ? value as LatchkeyDecision : null;

    public void Store(HttpContext context) => context.Items[Item] = this;

    /// <summary>Replaces <c>{name}</c> with the route value <c>name</c> (empty when absent).</summary>
    public static string ResolveResource(string template, HttpContext context)
    {
        if (template.IndexOf('{', StringComparison.Ordinal) < 0)
        {
            return template;
        }

        var result = new System.Text.StringBuilder(template.Length);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = open < 0 ? -1 : template.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                result.Append(template, i, template.Length - i);
                break;
            }

            result.Append(template, i, open - i);
            var name = template[(open + 1)..close];
            result.Append(context.Request.RouteValues.TryGetValue(name, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : "");
            i = close + 1;
        }

        return result.ToString();
    }
}
