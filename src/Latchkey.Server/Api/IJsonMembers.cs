using System.Text.Json;

namespace Latchkey.Server.Api;

/// <summary>
/// A success body of a hot action that writes its own JSON members (after RequestId) straight to
/// the response's writer: the same bytes the serializer writes for the record with
/// <see cref="ApiResponseWriter.SerializerOptions"/> (members in declaration order, nulls left
/// out, dates as <see cref="ApiDateConverter"/> writes them; HotPathTests compares them), without
/// the reflection-based serializer's state per call. XML bodies still go through the serializer.
/// </summary>
internal interface IJsonMembers
{
    void WriteMembers(Utf8JsonWriter json);
}
