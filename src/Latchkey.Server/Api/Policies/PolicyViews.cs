using Latchkey.Core.Policies;

namespace Latchkey.Server.Api.Policies;

/// <summary>Wire shapes shared by the policy actions (SDK ram20150501 models).</summary>
internal static class PolicyViews
{
    public sealed record Policy(string PolicyName, string PolicyType, string Description, string DefaultVersion, DateTimeOffset CreateDate, DateTimeOffset UpdateDate, int AttachmentCount);

    public sealed record Version(string VersionId, bool IsDefaultVersion, string PolicyDocument, DateTimeOffset CreateDate);

    public sealed record Attached(string PolicyName, string PolicyType, string Description, string DefaultVersion, DateTimeOffset AttachDate);

    public sealed record AttachedList(IReadOnlyList<Attached> Policy);

    public static Policy From(PolicyInfo p) => new(p.PolicyName, p.PolicyType, p.Description, p.DefaultVersion, p.CreateDate, p.UpdateDate, p.AttachmentCount);

    public static Version From(PolicyVersion v) => new(v.VersionId, v.IsDefaultVersion, v.PolicyDocument, v.CreateDate);

    public static AttachedList From(IReadOnlyList<AttachedPolicy> list) =>
        new([.. list.Select(p => new Attached(p.PolicyName, p.PolicyType, p.Description, p.DefaultVersion, p.AttachDate))]);
}
