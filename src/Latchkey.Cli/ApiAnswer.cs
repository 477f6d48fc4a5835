using System.Text.Json.Nodes;

namespace Latchkey.Cli;

/// <summary>The service's answer: HTTP status and the JSON body (null when it was not JSON).</summary>
internal sealed record ApiAnswer(int Status, JsonObject? Body, string RawBody)
{
    public bool IsSuccess => Status is >= 200 and < 300 && Body is not null && Body["Code"] is null;
}
