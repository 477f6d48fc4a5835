namespace Latchkey.Server.Console.Pages;

/// <summary>
/// A key just created, for the one response that shows it. Lives only while that response renders;
/// never put in TempData, a cookie, a URL or any store.
/// </summary>
public sealed record CreatedAccessKeyView(string AccessKeyId, string AccessKeySecret, string? RotatedFrom = null, TimeSpan? GracePeriod = null);
