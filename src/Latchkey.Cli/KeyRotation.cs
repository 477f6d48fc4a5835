using System.Globalization;
using System.Text.Json.Nodes;

namespace Latchkey.Cli;

/// <summary>
/// <c>latchkey keys rotate ID [--user NAME]</c>: the rotation sequence of docs/access-keys.md with
/// the standard RAM actions, so it works against any RAM endpoint: refuse when the owner has no
/// room (ListAccessKeys), CreateAccessKey (the new pair is shown once), watch the old key's last
/// use (GetAccessKeyLastUsed) until it has been unused for the grace period, UpdateAccessKey
/// Inactive, then DeleteAccessKey (into the recycle bin). Every step is a signed call the
/// service audits; progress goes to stderr.
/// </summary>
internal sealed class KeyRotation(ClientCredentials credentials, string? user, string oldKeyId, TimeSpan grace, TimeSpan poll, TimeSpan timeout, TimeProvider time)
{
    private List<KeyValuePair<string, string>> Owner(params (string Name, string Value)[] more)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        if (user is { Length: > 0 })
        {
            parameters.Add(new("UserName", user));
        }

        parameters.AddRange(more.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));
        return parameters;
    }

    public async Task<int> RunAsync(Func<JsonObject, Task<int>> showNewPair, string output, CancellationToken cancellationToken)
    {
        // 1. The old key must be one of the owner's keys.
        var list = await CallAsync("ListAccessKeys", Owner(), cancellationToken);
        if (list.Body is null)
        {
            return list.ExitCode;
        }

        var keys = list.Body["AccessKeys"]?["AccessKey"]?.AsArray() ?? [];
        if (!keys.Any(k => k?["AccessKeyId"]?.ToString() == oldKeyId))
        {
            await Console.Error.WriteLineAsync($"latchkey keys rotate: {oldKeyId} is not an AccessKey of {(user ?? "the caller")}.");
            return ExitCodes.ApiError;
        }

        // 2. The new pair, shown once. The service enforces the owner's limit; at the limit there
        // is no room for the new key, and the rotation stops before anything changed.
        var started = time.GetUtcNow();
        var created = await CallAsync("CreateAccessKey", Owner(), cancellationToken, quiet: true);
        if (created.Body is null)
        {
            if (created.Code == "LimitExceeded.User.AccessKey")
            {
                await Console.Error.WriteLineAsync(
                    $"ERROR: LimitExceeded.User.AccessKey: {oldKeyId} cannot be rotated: {(user ?? "the caller")} already holds {keys.Count} AccessKeys, "
                    + "so there is no room for the new one. Delete the other key (not the one being rotated) first; nothing was changed.");
            }

            return created.ExitCode;
        }

        var shown = await showNewPair(created.Body);
        if (shown != ExitCodes.Success)
        {
            return shown;
        }

        var newKeyId = created.Body["AccessKey"]?["AccessKeyId"]?.ToString();
        await Console.Error.WriteLineAsync($"Rotating {oldKeyId} to {newKeyId}: switch your clients to the new pair. {oldKeyId} is disabled once it has not been used for {grace}, then moved to the recycle bin.");

        // 3. Watch the old key until it has been unused for the grace period.
        while (true)
        {
            var lastUsed = await CallAsync("GetAccessKeyLastUsed", Owner(("UserAccessKeyId", oldKeyId)), cancellationToken);
            if (lastUsed.Body is null)
            {
                return lastUsed.ExitCode;
            }

            var since = started;
            if (lastUsed.Body["AccessKeyLastUsed"]?["LastUsedDate"]?.ToString() is { Length: > 0 } text
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var used)
                && used > since)
            {
                since = used;
            }

            var now = time.GetUtcNow();
            if (now - since >= grace)
            {
                break;
            }

            if (now - started > timeout)
            {
                await Console.Error.WriteLineAsync($"latchkey keys rotate: {oldKeyId} was still used at {since:yyyy-MM-ddTHH:mm:ssZ}; stopped after {timeout}. Both keys stay Active; run 'latchkey keys rotate' again later or disable it by hand.");
                return ExitCodes.ApiError;
            }

            await Console.Error.WriteLineAsync($"{oldKeyId} last used {since:yyyy-MM-ddTHH:mm:ssZ}; waiting until it has been unused for {grace}.");
            await Task.Delay(poll, time, cancellationToken);
        }

        // 4. Disable, 5. move to the recycle bin.
        var disabled = await CallAsync("UpdateAccessKey", Owner(("UserAccessKeyId", oldKeyId), ("Status", "Inactive")), cancellationToken);
        if (disabled.Body is null)
        {
            return disabled.ExitCode;
        }

        await Console.Error.WriteLineAsync($"{oldKeyId} is disabled.");
        var deleted = await CallAsync("DeleteAccessKey", Owner(("UserAccessKeyId", oldKeyId)), cancellationToken);
        if (deleted.Body is null)
        {
            return deleted.ExitCode;
        }

        await Console.Error.WriteLineAsync($"{oldKeyId} is in the recycle bin (restorable with RestoreAccessKeyFromRecycleBin). Rotation complete.");
        OutputWriter.Write(new JsonObject { ["OldAccessKeyId"] = oldKeyId, ["NewAccessKeyId"] = newKeyId, ["OldAccessKeyStatus"] = "Recycled" }, output, Console.Out);
        return ExitCodes.Success;
    }

    /// <summary>
    /// <c>--server-side</c>: hands the whole rotation to the server (Latchkey's own
    /// StartAccessKeyRotation), the same engine as the console's Rotate: the new pair is shown
    /// once; the server's rotation job watches the old key, disables it and moves it to the recycle
    /// bin. With <paramref name="wait"/> the command follows it (GetAccessKeyRotation every poll)
    /// until it ends; without, it returns at once.
    /// </summary>
    public async Task<int> RunServerSideAsync(Func<JsonObject, Task<int>> showNewPair, string output, bool wait, CancellationToken cancellationToken)
    {
        var started = await CallAsync("StartAccessKeyRotation", Owner(("UserAccessKeyId", oldKeyId), ("GracePeriod", ((long)Math.Ceiling(grace.TotalSeconds)).ToString(CultureInfo.InvariantCulture))), cancellationToken, quiet: true);
        if (started.Body is null)
        {
            if (started.Code == "LimitExceeded.User.AccessKey")
            {
                await Console.Error.WriteLineAsync(
                    $"ERROR: LimitExceeded.User.AccessKey: {oldKeyId} cannot be rotated: {(user ?? "the caller")} has no room for the new AccessKey. "
                    + "Delete the other key (not the one being rotated) first; nothing was changed.");
            }

            return started.ExitCode;
        }

        var shown = await showNewPair(started.Body);
        if (shown != ExitCodes.Success)
        {
            return shown;
        }

        var rotation = started.Body["AccessKeyRotation"] as JsonObject;
        var rotationId = rotation?["RotationId"]?.ToString() ?? "";
        var newKeyId = rotation?["NewAccessKeyId"]?.ToString();
        await Console.Error.WriteLineAsync($"Rotating {oldKeyId} to {newKeyId} on the server ({rotationId}): switch your clients to the new pair. The server disables {oldKeyId} once it has not been used for {grace}, then moves it to the recycle bin. Cancel with 'latchkey keys rotate {oldKeyId} --cancel'.");
        if (!wait)
        {
            return ExitCodes.Success;
        }

        var state = rotation?["State"]?.ToString();
        var since = time.GetUtcNow();
        while (state is "Waiting" or "Disabled")
        {
            if (time.GetUtcNow() - since > timeout)
            {
                await Console.Error.WriteLineAsync($"latchkey keys rotate: the rotation is still {state} after {timeout}; the server carries on with it.");
                return ExitCodes.ApiError;
            }

            await Task.Delay(poll, time, cancellationToken);
            var got = await CallAsync("GetAccessKeyRotation", Owner(("RotationId", rotationId)), cancellationToken);
            if (got.Body is null)
            {
                return got.ExitCode;
            }

            var now = got.Body["AccessKeyRotation"]?["State"]?.ToString();
            if (now != state)
            {
                await Console.Error.WriteLineAsync($"{oldKeyId}: {now}.");
            }

            state = now;
        }

        OutputWriter.Write(new JsonObject { ["RotationId"] = rotationId, ["OldAccessKeyId"] = oldKeyId, ["NewAccessKeyId"] = newKeyId, ["State"] = state }, output, Console.Out);
        return state == "Recycled" ? ExitCodes.Success : ExitCodes.ApiError;
    }

    /// <summary><c>--cancel</c>: cancels the server-side rotation of the key (CancelAccessKeyRotation); both keys keep their status.</summary>
    public async Task<int> CancelAsync(string output, CancellationToken cancellationToken)
    {
        var cancelled = await CallAsync("CancelAccessKeyRotation", Owner(("UserAccessKeyId", oldKeyId)), cancellationToken);
        if (cancelled.Body is null)
        {
            return cancelled.ExitCode;
        }

        OutputWriter.Write(cancelled.Body, output, Console.Out);
        return ExitCodes.Success;
    }

    private async Task<(JsonObject? Body, int ExitCode, string? Code)> CallAsync(string action, List<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken, bool quiet = false)
    {
        ApiAnswer answer;
        try
        {
            answer = await LatchkeyClient.SendAsync(credentials, new ApiCall(action, ApiProducts.Ram, parameters), cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"latchkey: cannot reach {credentials.Endpoint}: {exception.Message}");
            return (null, ExitCodes.Network, null);
        }

        if (!answer.IsSuccess)
        {
            var code = answer.Body?["Code"]?.ToString() ?? $"HTTP{answer.Status}";
            var message = ApiCommandRunner.OneLine(answer.Body?["Message"]?.ToString() ?? answer.RawBody);
            if (!quiet || code != "LimitExceeded.User.AccessKey")
            {
                await Console.Error.WriteLineAsync($"ERROR: {code}: {message} ({action})");
            }

            return (null, ExitCodes.ApiError, code);
        }

        return (answer.Body, ExitCodes.Success, null);
    }
}
