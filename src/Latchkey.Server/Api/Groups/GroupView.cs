using Latchkey.Core.Groups;

namespace Latchkey.Server.Api.Groups;

/// <summary>The Group object of GetGroup, UpdateGroup and ListGroups (SDK ram20150501).</summary>
internal sealed record GroupView(string GroupId, string GroupName, string Comments, DateTimeOffset CreateDate, DateTimeOffset UpdateDate)
{
    public static GroupView From(RamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return new(group.GroupId, group.GroupName, group.Comments, group.CreateDate, group.UpdateDate);
    }
}
