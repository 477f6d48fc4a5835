using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Latchkey.Core;
using Latchkey.Core.Accounts;
using Latchkey.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Cli;

/// <summary>
/// <c>latchkey export [--data DIR] [--format csv|json] [--output FILE]</c>: a credential report of
/// every AccessKey (owner account and user, status, created, last used). Never a secret: the
/// report is built from key rows only and the secret column is never decrypted.
/// </summary>
internal static class ExportCommand
{
    private static readonly string[] Columns =
        ["AccessKeyId", "AccountId", "AccountName", "UserId", "UserName", "Status", "CreateDate", "LastUsedDate", "LastUsedService", "LastUsedAction"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(ConfigurationTokens configuration)
    {
        var data = LocalData.DataOption();
        var format = new Option<string>("--format") { Description = "csv (default) or json.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var output = new Option<string?>("--output") { Description = "Write the report to this file (mode 0600) instead of standard output." };
        var command = new Command("export", "Write a credential report of every AccessKey (no secrets).") { data, format, output };
        command.SetAction((parseResult, cancellationToken) => LocalData.RunAsync(parseResult, data, configuration, async services =>
        {
            var store = services.GetRequiredService<ILatchkeyStore>();
            var accounts = new Dictionary<string, Account?>();
            var users = new Dictionary<string, RamUser?>();
            var rows = new List<Dictionary<string, string?>>();
            await foreach (var stored in store.ListAllAccessKeysAsync(cancellationToken))
            {
                var key = stored.Key;
                if (key.IsRecycled)
                {
                    // Deleted keys waiting in the recycle bin are not credentials anyone holds any more.
                    continue;
                }

                if (!accounts.TryGetValue(key.AccountId, out var account))
                {
                    accounts[key.AccountId] = account = await store.FindAccountAsync(key.AccountId, cancellationToken);
                }

                RamUser? user = null;
                if (key.UserId is { } userId && !users.TryGetValue(userId, out user))
                {
                    users[userId] = user = await store.FindUserByIdAsync(key.AccountId, userId, cancellationToken);
                }

                rows.Add(new Dictionary<string, string?>
                {
                    ["AccessKeyId"] = key.AccessKeyId,
                    ["AccountId"] = key.AccountId,
                    ["AccountName"] = account?.AccountName,
                    ["UserId"] = key.UserId,
                    ["UserName"] = user?.UserName,
                    ["Status"] = key.Status.ToString(),
                    ["CreateDate"] = Format(key.CreateDate),
                    ["LastUsedDate"] = key.LastUse is { } use ? Format(use.Time) : null,
                    ["LastUsedService"] = key.LastUse?.ServiceName,
                    ["LastUsedAction"] = key.LastUse?.Action,
                });
                if (rows.Count % 500 == 0)
                {
                    await Console.Error.WriteLineAsync($"read {rows.Count} keys...");
                }
            }

            var text = parseResult.GetValue(format) == "json"
                ? JsonSerializer.Serialize(new { AccessKeys = rows }, Indented) + "\n"
                : ToCsv(rows);
            if (parseResult.GetValue(output) is { Length: > 0 } file)
            {
                ProfileStore.WriteOwnerOnly(file, text);
            }
            else
            {
                await Console.Out.WriteAsync(text);
            }

            await Console.Error.WriteLineAsync($"Exported {rows.Count} AccessKeys.");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string ToCsv(List<Dictionary<string, string?>> rows)
    {
        var text = new StringBuilder().AppendJoin(',', Columns).Append('\n');
        foreach (var row in rows)
        {
            text.AppendJoin(',', Columns.Select(c => Escape(row[c]))).Append('\n');
        }

        return text.ToString();
    }

    private static string Escape(string? value) =>
        value is null ? string.Empty
        : value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : value;
}
