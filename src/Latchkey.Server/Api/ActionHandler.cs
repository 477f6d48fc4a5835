namespace Latchkey.Server.Api;

internal delegate Task<ApiResponse> ActionHandler(ActionContext context, CancellationToken cancellationToken);
