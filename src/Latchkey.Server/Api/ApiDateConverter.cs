using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Latchkey.Server.Api;

/// <summary>Alibaba's date format in every response: UTC, whole seconds, <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
internal sealed class ApiDateConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.ParseExact(reader.GetString() ?? string.Empty, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => WriteValue(writer, value);

    /// <summary>The value as <see cref="ToText"/> has it, formatted on the stack: no string per date.</summary>
    public static void WriteValue(Utf8JsonWriter writer, DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> text = stackalloc char[20];
        if (!value.UtcDateTime.TryFormat(text, out var written, Format, CultureInfo.InvariantCulture) || written != 20)
        {
            writer.WriteStringValue(ToText(value));
            return;
        }

        writer.WriteStringValue(text);
    }
}
