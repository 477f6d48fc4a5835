using System.Text.Json;

namespace Latchkey.Server.Api.Verify;

/// <summary>
/// The optional <c>"Authorize"</c> member of a verify call: the resource server's own action
/// (e.g. <c>widgets:ListWidgets</c>), the resource ARN it acts on (default <c>*</c>) and condition
/// keys of its own (<c>Context</c>: key → string, number or boolean). Decided by the same engine as
/// every RAM action, for the verified principal.
/// </summary>
internal sealed record VerifyAuthorize(string? Action, string? Resource, Dictionary<string, JsonElement>? Context);
