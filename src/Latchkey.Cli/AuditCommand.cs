using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Latchkey.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Cli;

/// <summary><c>latchkey audit list [--data DIR] [--account ID] [--max-items N] [--output json|table]</c>: newest audit events first.</summary>
internal static class AuditCommand
{
    public static Command Create(ConfigurationTokens configuration)
    {
        var data = LocalData.DataOption();
        var account = new Option<string?>("--account") { Description = "Only this AccountId's events (default: every account)." };
        var maxItems = new Option<int>("--max-items") { Description = "At most this many events (1-1000, default 100).", DefaultValueFactory = _ => 100 };
        var output = new Option<string>("--output") { Description = "json (default) or table.", DefaultValueFactory = _ => "json" };
        output.AcceptOnlyFromAmong("json", "table");
        var list = new Command("list", "List audit events, newest first.") { data, account, maxItems, output };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            var max = parseResult.GetValue(maxItems);
            if (max is < 1 or > 1000)
            {
                await Console.Error.WriteLineAsync("latchkey audit list: --max-items must be between 1 and 1000.");
                return ExitCodes.Usage;
            }

            return await LocalData.RunAsync(parseResult, data, configuration, async services =>
            {
                var page = await services.GetRequiredService<ILatchkeyStore>().ListAuditEventsAsync(parseResult.GetValue(account), null, max, cancellationToken);
                if (!page.IsSuccess)
                {
                    await Console.Error.WriteLineAsync($"ERROR: {page.Error.Code}: {page.Error.Message}");
                    return ExitCodes.ApiError;
                }

                var events = JsonSerializer.SerializeToNode(page.Value.Items)!.AsArray();
                OutputWriter.Write(new JsonObject { ["AuditEvents"] = events, ["IsTruncated"] = page.Value.IsTruncated }, parseResult.GetValue(output)!, Console.Out);
                return ExitCodes.Success;
            }, cancellationToken);
        });
        var command = new Command("audit", "Read the audit trail from the data store.");
        command.Subcommands.Add(list);
        return command;
    }
}
