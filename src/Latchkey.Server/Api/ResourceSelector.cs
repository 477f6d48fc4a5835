namespace Latchkey.Server.Api;

/// <summary>The request ARNs an action is authorized on, from the caller and the signed parameters.</summary>
internal delegate string[] ResourceSelector(ActionContext context);
