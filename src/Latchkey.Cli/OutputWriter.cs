using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Latchkey.Cli;

/// <summary>Prints an answer as indented JSON or as a plain-text table.</summary>
internal static class OutputWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(JsonNode? node, string format, TextWriter output)
    {
        if (format == "table")
        {
            output.Write(ToTable(node));
            return;
        }

        output.WriteLine(node?.ToJsonString(Indented) ?? "null");
    }

    /// <summary>
    /// The first list found (Alibaba wraps lists as <c>{"Users":{"User":[...]}}</c>) becomes rows and
    /// columns; an object without a list becomes a two-column key/value table.
    /// </summary>
    public static string ToTable(JsonNode? node)
    {
        if (FindList(node) is { } list)
        {
            var columns = new List<string>();
            foreach (var item in list.OfType<JsonObject>())
            {
                foreach (var (name, value) in item)
                {
                    if (value is not JsonObject and not JsonArray && !columns.Contains(name))
                    {
                        columns.Add(name);
                    }
                }
            }

            var rows = list.OfType<JsonObject>().Select(item => columns.Select(c => Scalar(item[c])).ToList()).ToList();
            return Render(columns, rows);
        }

        var pairs = new List<List<string>>();
        Flatten(node, string.Empty, pairs);
        return Render(["Name", "Value"], pairs);
    }

    private static JsonArray? FindList(JsonNode? node) => node switch
    {
        JsonArray array => array,
        JsonObject obj => obj.Select(member => FindList(member.Value)).FirstOrDefault(found => found is not null),
        _ => null,
    };

    private static void Flatten(JsonNode? node, string prefix, List<List<string>> pairs)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, value) in obj)
            {
                Flatten(value, prefix.Length == 0 ? name : prefix + "." + name, pairs);
            }

            return;
        }

        pairs.Add([prefix, Scalar(node)]);
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static string Render(IReadOnlyList<string> columns, List<List<string>> rows)
    {
        var widths = columns.Select((c, i) => Math.Max(c.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        text.AppendLine(string.Join("  ", columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((v, i) => v.PadRight(widths[i]))).TrimEnd());
        }

        return text.ToString();
    }
}
