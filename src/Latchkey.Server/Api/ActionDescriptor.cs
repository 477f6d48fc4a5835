namespace Latchkey.Server.Api;

/// <summary>One row of the <see cref="ActionTable"/>: which handler serves (Version, Action).</summary>
internal sealed record ActionDescriptor(string Product, string Version, string Action, ActionHandler Handler);
