using System.Globalization;
using System.Net;
using System.Text.Json;
using Latchkey.Core.Results;

namespace Latchkey.Core.Policies;

/// <summary>
/// Alibaba's RAM policy language, version "1" (spec ram-policies.md §1-3): parses and validates a
/// document and compiles it into a <see cref="CompiledPolicy"/>. A fault is
/// <c>MalformedPolicyDocument</c> whose message names where it is: the line and column of a
/// JSON syntax error, or the path of the element (<c>Statement[1].Condition.IpAddress</c>).
/// </summary>
public static class PolicyDocument
{
    /// <summary>Alibaba's limit for a policy document, counted in characters as received.</summary>
    public const int MaxLength = 6144;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    public static Result<CompiledPolicy> Compile(string? document)
    {
        if (string.IsNullOrEmpty(document))
        {
            return Errors.Missing("PolicyDocument");
        }

        if (document.Length > MaxLength)
        {
            return Errors.Policy.DocumentLength;
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(document, Options);
        }
        catch (JsonException e)
        {
            return Fault($"The policy document is not valid JSON at line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}.");
        }

        using (json)
        {
            try
            {
                return new CompiledPolicy(ReadDocument(json.RootElement, null));
            }
            catch (FaultException e)
            {
                return Fault(e.Message);
            }
        }
    }

    /// <summary>
    /// A role's trust policy (AssumeRolePolicyDocument): the same grammar and engine, where each
    /// statement names a <c>Principal</c> (RAM, Service or Federated) and needs no <c>Resource</c>.
    /// </summary>
    public static Result<TrustPolicy> CompileTrust(string? document, string parameterName, ApiError lengthError)
    {
        if (string.IsNullOrEmpty(document))
        {
            return Errors.Missing(parameterName);
        }

        if (document.Length > TrustPolicy.MaxLength)
        {
            return lengthError;
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(document, Options);
        }
        catch (JsonException e)
        {
            return Fault($"The policy document is not valid JSON at line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}.");
        }

        using (json)
        {
            try
            {
                var principals = new List<TrustPrincipals>();
                var statements = ReadDocument(json.RootElement, principals);
                return new TrustPolicy(statements, [.. principals]);
            }
            catch (FaultException e)
            {
                return Fault(e.Message);
            }
        }
    }

    private static ApiError Fault(string message) => Errors.Policy.MalformedDocument.WithMessage(message);

    private static PolicyStatement[] ReadDocument(JsonElement root, List<TrustPrincipals>? trust)
    {
        if (root.ValueKind is not JsonValueKind.Object)
        {
            throw new FaultException("(document)", "must be a JSON object with Version and Statement.");
        }

        JsonElement? version = null, statements = null;
        foreach (var property in Properties(root, "(document)"))
        {
            switch (property.Name)
            {
                case "Version": version = property.Value; break;
                case "Statement": statements = property.Value; break;
                default: throw new FaultException(property.Name, "is not an element of a policy document (Version, Statement).");
            }
        }

        if (version is not { ValueKind: JsonValueKind.String } v || v.GetString() != "1")
        {
            throw new FaultException("Version", "must be the string \"1\".");
        }

        if (statements is not { ValueKind: JsonValueKind.Array } list)
        {
            throw new FaultException("Statement", "must be an array of statements.");
        }

        if (list.GetArrayLength() == 0)
        {
            throw new FaultException("Statement", "must hold at least one statement.");
        }

        var compiled = new PolicyStatement[list.GetArrayLength()];
        var index = 0;
        foreach (var statement in list.EnumerateArray())
        {
            compiled[index] = ReadStatement(statement, $"Statement[{index}]", trust);
            index++;
        }

        return compiled;
    }

    private static PolicyStatement ReadStatement(JsonElement statement, string path, List<TrustPrincipals>? trust)
    {
        TrustPrincipals? principals = null;
        if (statement.ValueKind is not JsonValueKind.Object)
        {
            throw new FaultException(path, "must be an object.");
        }

        bool? deny = null;
        Wildcard[]? actions = null, resources = null;
        var notAction = false;
        ConditionClause[] conditions = [];
        foreach (var property in Properties(statement, path))
        {
            var at = $"{path}.{property.Name}";
            switch (property.Name)
            {
                case "Effect":
                    deny = property.Value.ValueKind is JsonValueKind.String ? property.Value.GetString() switch
                    {
                        "Allow" => false,
                        "Deny" => true,
                        _ => null,
                    } : null;
                    if (deny is null)
                    {
                        throw new FaultException(at, "must be \"Allow\" or \"Deny\".");
                    }

                    break;
                case "Action" or "NotAction":
                    if (actions is not null)
                    {
                        throw new FaultException(at, "a statement has either Action or NotAction, not both.");
                    }

                    notAction = property.Name == "NotAction";
                    actions = [.. Strings(property.Value, at).Select((a, i) => CompileAction(a, $"{at}[{i}]"))];
                    break;
                case "Resource":
                    resources = [.. Strings(property.Value, at).Select((r, i) => CompileResource(r, $"{at}[{i}]"))];
                    break;
                case "Condition":
                    conditions = ReadConditions(property.Value, at);
                    break;
                case "Sid":
                    if (property.Value.ValueKind is not JsonValueKind.String)
                    {
                        throw new FaultException(at, "must be a string.");
                    }

                    break;
                case "Principal" when trust is not null:
                    principals = ReadPrincipals(property.Value, at);
                    break;
                case "Principal":
                    throw new FaultException(at, "is allowed only in a role's trust policy.");
                default:
                    throw new FaultException(at, "is not an element of a statement (Effect, Action, NotAction, Resource, Condition).");
            }
        }

        if (deny is null)
        {
            throw new FaultException($"{path}.Effect", "is required.");
        }

        if (actions is null)
        {
            throw new FaultException($"{path}.Action", "is required.");
        }

        if (trust is not null)
        {
            // A trust policy's statements are about the role itself: no Resource, a Principal each.
            trust.Add(principals ?? throw new FaultException($"{path}.Principal", "is required in a trust policy."));
            resources ??= [Wildcard.Compile("*", ignoreCase: false)];
        }

        if (resources is null)
        {
            throw new FaultException($"{path}.Resource", "is required.");
        }

        return new PolicyStatement(deny.Value, actions, notAction, resources, conditions);
    }

    /// <summary>
    /// <c>{"RAM": ..., "Service": ..., "Federated": ...}</c>, keys in any case, each a string, an
    /// array of strings, null or empty (Terraform's legacy documents carry <c>"Service": null</c>).
    /// </summary>
    private static TrustPrincipals ReadPrincipals(JsonElement value, string path)
    {
        if (value.ValueKind is not JsonValueKind.Object)
        {
            throw new FaultException(path, "must be an object such as {\"RAM\": [\"acs:ram::<account-id>:root\"]}.");
        }

        var ram = new List<Wildcard>();
        var ramText = new List<string>();
        var services = new List<string>();
        var federated = new List<string>();
        foreach (var property in Properties(value, path))
        {
            var at = $"{path}.{property.Name}";
            var values = property.Value.ValueKind is JsonValueKind.Null
                || (property.Value.ValueKind is JsonValueKind.Array && property.Value.GetArrayLength() == 0)
                ? []
                : Strings(property.Value, at);
            switch (property.Name.ToUpperInvariant())
            {
                case "RAM":
                    foreach (var (text, i) in values.Select((v, i) => (v, i)))
                    {
                        var normalized = TrustPolicy.NormalizeRamPrincipal(text)
                            ?? throw new FaultException($"{at}[{i}]", $"\"{Shorten(text)}\" is not a RAM principal (\"acs:ram::<account-id>:root\", \":user/<name>\", \":role/<name>\" or an account id).");
                        ram.Add(Wildcard.Compile(normalized, ignoreCase: true));
                        ramText.Add(normalized);
                    }

                    break;
                case "SERVICE":
                    services.AddRange(values);
                    break;
                case "FEDERATED":
                    federated.AddRange(values);
                    break;
                default:
                    throw new FaultException(at, "is not a kind of principal (RAM, Service, Federated).");
            }
        }

        if (ram.Count + services.Count + federated.Count == 0)
        {
            throw new FaultException(path, "must name at least one principal.");
        }

        return new TrustPrincipals([.. ram], [.. ramText], [.. services], [.. federated]);
    }

    private static Wildcard CompileAction(string action, string path)
    {
        // "*" or "<service>:<action>", e.g. ram:CreateUser, ecs:Describe*; matched case-insensitively (W-elem).
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        var valid = action == "*"
            || (colon > 0 && colon < action.Length - 1 && action.IndexOf(':', colon + 1) < 0
                && action.AsSpan().IndexOfAnyExcept(ActionChars) < 0);
        if (!valid)
        {
            throw new FaultException(path, $"\"{Shorten(action)}\" is not an action (\"*\" or \"<service>:<action>\", e.g. \"ram:GetUser\").");
        }

        return Wildcard.Compile(action, ignoreCase: true);
    }

    private static readonly System.Buffers.SearchValues<char> ActionChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:*?");

    private static Wildcard CompileResource(string resource, string path)
    {
        if (resource == "*")
        {
            return Wildcard.Compile(resource, ignoreCase: false);
        }

        var parts = resource.Split(':', 5);
        if (parts.Length < 5 || parts[0] != "acs" || parts[1].Length == 0 || resource.AsSpan().ContainsAny(" \t\r\n"))
        {
            throw new FaultException(path, $"\"{Shorten(resource)}\" is not a resource (\"*\" or \"acs:<service>:<region>:<account-id>:<relative-id>\").");
        }

        // RAM, STS and IMS are global: Alibaba writes their ARNs with an empty region or "*";
        // request ARNs are built with "*", so an empty region in a pattern means "*" (spec §1.3).
        if (parts[2].Length == 0 && parts[1] is "ram" or "sts" or "ims")
        {
            resource = $"acs:{parts[1]}:*:{parts[3]}:{parts[4]}";
        }

        return Wildcard.Compile(resource, ignoreCase: false);
    }

    private static ConditionClause[] ReadConditions(JsonElement block, string path)
    {
        if (block.ValueKind is not JsonValueKind.Object)
        {
            throw new FaultException(path, "must be an object of operators.");
        }

        var clauses = new List<ConditionClause>();
        foreach (var op in Properties(block, path))
        {
            var at = $"{path}.{op.Name}";
            if (op.Value.ValueKind is not JsonValueKind.Object || !op.Value.EnumerateObject().Any())
            {
                throw new FaultException(at, "must be an object of condition keys.");
            }

            foreach (var key in Properties(op.Value, at))
            {
                var keyPath = $"{at}.{key.Name}";
                if (key.Name.IndexOf(':', StringComparison.Ordinal) <= 0)
                {
                    throw new FaultException(keyPath, "is not a condition key (\"<service>:<key>\", e.g. \"acs:SourceIp\").");
                }

                clauses.Add(CompileClause(op.Name, key.Name, ConditionStrings(key.Value, keyPath), keyPath));
            }
        }

        return [.. clauses];
    }

    private static ConditionClause CompileClause(string op, string key, string[] values, string path)
    {
        switch (op)
        {
            case "StringEquals": return new ConditionClause.StringClause(key, false, ConditionClause.StringOperation.Equals, values);
            case "StringNotEquals": return new ConditionClause.StringClause(key, true, ConditionClause.StringOperation.Equals, values);
            case "StringEqualsIgnoreCase": return new ConditionClause.StringClause(key, false, ConditionClause.StringOperation.EqualsIgnoreCase, values);
            case "StringNotEqualsIgnoreCase": return new ConditionClause.StringClause(key, true, ConditionClause.StringOperation.EqualsIgnoreCase, values);
            case "StringLike": return new ConditionClause.StringClause(key, false, ConditionClause.StringOperation.Like, values);
            case "StringNotLike": return new ConditionClause.StringClause(key, true, ConditionClause.StringOperation.Like, values);
            case "Bool":
                return new ConditionClause.BoolClause(key, [.. values.Select(v => bool.TryParse(v, out var b) ? b : throw new FaultException(path, $"\"{Shorten(v)}\" is not true or false."))]);
            case "IpAddress" or "NotIpAddress":
                return new ConditionClause.IpClause(key, op == "NotIpAddress", [.. values.Select(v => ParseNetwork(v, path))]);
        }

        if (op.StartsWith("Numeric", StringComparison.Ordinal) && ComparisonOf(op["Numeric".Length..]) is var (numeric, negatedNumber))
        {
            return new ConditionClause.NumericClause(key, negatedNumber, numeric, [.. values.Select(v =>
                decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : throw new FaultException(path, $"\"{Shorten(v)}\" is not a number."))]);
        }

        if (op.StartsWith("Date", StringComparison.Ordinal) && ComparisonOf(op["Date".Length..]) is var (date, negatedDate))
        {
            return new ConditionClause.DateClause(key, negatedDate, date, [.. values.Select(v =>
                PolicyValues.TryParseDate(v, out var d) ? d : throw new FaultException(path, $"\"{Shorten(v)}\" is not an ISO 8601 time such as 2026-01-31T23:59:59Z."))]);
        }

        throw new FaultException(path[..path.LastIndexOf('.')], "is not a condition operator of RAM (String*, Numeric*, Date*, Bool, IpAddress, NotIpAddress).");
    }

    private static (ConditionClause.Comparison, bool)? ComparisonOf(string suffix) => suffix switch
    {
        "Equals" => (ConditionClause.Comparison.Equal, false),
        "NotEquals" => (ConditionClause.Comparison.Equal, true),
        "LessThan" => (ConditionClause.Comparison.LessThan, false),
        "LessThanEquals" => (ConditionClause.Comparison.LessThanOrEqual, false),
        "GreaterThan" => (ConditionClause.Comparison.GreaterThan, false),
        "GreaterThanEquals" => (ConditionClause.Comparison.GreaterThanOrEqual, false),
        _ => null,
    };

    private static IPNetwork ParseNetwork(string value, string path)
    {
        if (IPNetwork.TryParse(value, out var network))
        {
            return network;
        }

        if (IPAddress.TryParse(value, out var address) && value.IndexOf('/', StringComparison.Ordinal) < 0)
        {
            return new IPNetwork(address, address.AddressFamily is System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }

        throw new FaultException(path, $"\"{Shorten(value)}\" is not an IP address or CIDR block.");
    }

    private static IEnumerable<JsonProperty> Properties(JsonElement element, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new FaultException($"{path}.{property.Name}", "appears twice.");
            }

            yield return property;
        }
    }

    /// <summary>Action and Resource: a string or a non-empty array of strings.</summary>
    private static string[] Strings(JsonElement value, string path)
    {
        if (value.ValueKind is JsonValueKind.String)
        {
            return [value.GetString()!];
        }

        if (value.ValueKind is JsonValueKind.Array && value.GetArrayLength() > 0 && value.EnumerateArray().All(e => e.ValueKind is JsonValueKind.String))
        {
            return [.. value.EnumerateArray().Select(e => e.GetString()!)];
        }

        throw new FaultException(path, "must be a string or a non-empty array of strings.");
    }

    /// <summary>Condition values: strings, numbers or booleans (normalised to text), alone or in a non-empty array.</summary>
    private static string[] ConditionStrings(JsonElement value, string path)
    {
        static string? Scalar(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Number => e.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };

        if (Scalar(value) is { } single)
        {
            return [single];
        }

        if (value.ValueKind is JsonValueKind.Array && value.GetArrayLength() > 0)
        {
            return [.. value.EnumerateArray().Select(e => Scalar(e) ?? throw new FaultException(path, "values must be strings, numbers or booleans."))];
        }

        throw new FaultException(path, "must be a value or a non-empty array of values.");
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";

    private sealed class FaultException(string path, string problem) : Exception($"{path}: {problem}");
}
