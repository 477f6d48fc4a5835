using Latchkey.Core.Roles;

namespace Latchkey.Core.Authorization;

/// <summary>A role as its sessions need it on the request path: its compiled policies and when its sessions were last revoked.</summary>
public sealed record RolePermissions(RamRole Role, PermissionSet Set);
