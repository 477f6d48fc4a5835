using Latchkey.Core.Audit;
using Latchkey.Core.Errors;
using Latchkey.Core.Paging;

namespace Latchkey.Storage.PostgreSql;

public sealed partial class PostgreSqlLatchkeyStore
{
    public async Task<Result<Page<AuditEvent>>> ListAuditEventsAsync(string? accountId, string? marker, int maxItems, CancellationToken cancellationToken)
    {
        if (maxItems < 1)
        {
            return Errors.Request.InvalidParameter;
        }

        var beforeTicks = long.MaxValue;
        var beforeSeq = long.MaxValue;
        if (marker is not null
            && (!Marker.TryDecode(marker, out beforeTicks, out var seqText)
                || !long.TryParse(seqText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out beforeSeq)))
        {
            return Errors.Request.InvalidParameter;
        }

        await using var connection = await OpenAsync(cancellationToken);
        using var command = Command(
            connection,
            null,
            """
            SELECT seq, event_id, account_id, time, actor_principal_id, actor_access_key_id, event_name,
                resource_type, resource_name, source_ip, request_id, details
            FROM audit_events
            WHERE (@a::text IS NULL OR account_id = @a) AND (time < @t OR (time = @t AND seq < @seq))
            ORDER BY time DESC, seq DESC
            LIMIT @limit
            """,
            ("@a", accountId),
            ("@t", beforeTicks),
            ("@seq", beforeSeq),
            ("@limit", maxItems + 1L));
        var events = new List<(long Seq, AuditEvent Event)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add((reader.GetInt64(0), new AuditEvent(
                    reader.GetString(1),
                    reader.GetString(2),
                    Ticks.To(reader.GetInt64(3)),
                    reader.GetString(4),
                    NullableString(reader, 5),
                    reader.GetString(6),
                    reader.GetString(7),
                    reader.GetString(8),
                    reader.GetString(9),
                    reader.GetString(10),
                    reader.GetString(11))));
            }
        }

        if (events.Count <= maxItems)
        {
            return new Page<AuditEvent>(events.ConvertAll(e => e.Event), null);
        }

        events.RemoveAt(events.Count - 1);
        var last = events[^1];
        return new Page<AuditEvent>(events.ConvertAll(e => e.Event), Marker.Encode(Ticks.From(last.Event.Time), Invariant(last.Seq)));
    }
}
