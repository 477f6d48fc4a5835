using System.Data.Common;
using System.Globalization;
using Latchkey.Core.Audit;
using Latchkey.Core.Paging;
using Latchkey.Core.Users;

namespace Latchkey.Storage;

/// <summary>
/// Keyset paging shared by both adapters: decode the Marker, then read <c>maxItems + 1</c> rows
/// (the adapter's query) and turn the extra row into the next Marker.
/// </summary>
public static class Paging
{
    /// <summary>Users by (create_date, user_id): the position after which the page starts.</summary>
    public static bool TryStartUsers(string? marker, int maxItems, out long afterTicks, out string afterId)
    {
        afterTicks = long.MinValue;
        afterId = string.Empty;
        return maxItems >= 1 && (marker is null || Marker.TryDecode(marker, out afterTicks, out afterId));
    }

    /// <summary>Audit events newest first by (time, seq): the position before which the page starts.</summary>
    public static bool TryStartAuditEvents(string? marker, int maxItems, out long beforeTicks, out long beforeSeq)
    {
        beforeTicks = long.MaxValue;
        beforeSeq = long.MaxValue;
        return maxItems >= 1
            && (marker is null
                || (Marker.TryDecode(marker, out beforeTicks, out var seqText)
                    && long.TryParse(seqText, NumberStyles.None, CultureInfo.InvariantCulture, out beforeSeq)));
    }

    /// <summary>Runs the users query (LIMIT maxItems + 1, columns as <see cref="Rows.User"/>).</summary>
    public static async Task<Page<RamUser>> ReadUsersAsync(DbCommand command, int maxItems, CancellationToken cancellationToken)
    {
        var users = await DbCommands.ReadListAsync(command, Rows.User, cancellationToken);
        if (users.Count <= maxItems)
        {
            return new Page<RamUser>(users, null);
        }

        users.RemoveAt(users.Count - 1);
        var last = users[^1];
        return new Page<RamUser>(users, Marker.Encode(Ticks.From(last.CreateDate), last.UserId));
    }

    /// <summary>Runs the audit query (LIMIT maxItems + 1, columns as <see cref="Rows.AuditEvent"/>).</summary>
    public static async Task<Page<AuditEvent>> ReadAuditEventsAsync(DbCommand command, int maxItems, CancellationToken cancellationToken)
    {
        var events = await DbCommands.ReadListAsync(command, Rows.AuditEvent, cancellationToken);
        if (events.Count <= maxItems)
        {
            return new Page<AuditEvent>(events.ConvertAll(e => e.Event), null);
        }

        events.RemoveAt(events.Count - 1);
        var last = events[^1];
        return new Page<AuditEvent>(
            events.ConvertAll(e => e.Event),
            Marker.Encode(Ticks.From(last.Event.Time), last.Seq.ToString(CultureInfo.InvariantCulture)));
    }
}
