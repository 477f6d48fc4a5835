using System.Net;
using System.Text.Json.Nodes;
using Latchkey.Core.Policies;
using Latchkey.Core.Results;

namespace Latchkey.Core.Tests.Policies;

/// <summary>The policy language against a table of documents and requests, malformed documents included.</summary>
public sealed class PolicyEngineTests
{
    private const string Acct = "1234567890123456";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static AuthorizationContext Context(string ip = "192.168.1.7", bool tls = false, bool mfa = false, DateTimeOffset? time = null, Dictionary<string, string>? values = null) =>
        new(IPAddress.Parse(ip), time ?? Now, tls, mfa, values is null ? null : new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase));

    private static string Doc(string statements) => $$"""{"Version":"1","Statement":[{{statements}}]}""";

    private static CompiledPolicy Compile(string document)
    {
        var compiled = PolicyDocument.Compile(document);
        Assert.True(compiled.IsSuccess, compiled.Error?.Message);
        return compiled.Value;
    }

    public static TheoryData<string, string, string, PolicyDecision> Decisions => new()
    {
        // Action: exact, case-insensitive, wildcards * and ?, any service prefix, lists.
        { """{"Effect":"Allow","Action":"ram:GetUser","Resource":"*"}""", "ram:GetUser", "acs:ram:*:1234567890123456:user/alice", PolicyDecision.Allow },
        { """{"Effect":"Allow","Action":"RAM:getuser","Resource":"*"}""", "ram:GetUser", "acs:ram:*:1234567890123456:user/alice", PolicyDecision.Allow },
        { """{"Effect":"Allow","Action":"ram:GetUser","Resource":"*"}""", "ram:GetUserX", "acs:ram:*:1234567890123456:user/alice", PolicyDecision.ImplicitDeny },
        { """{"Effect":"Allow","Action":"ram:Get*","Resource":"*"}""", "ram:GetLoginProfile", "*", PolicyDecision.Allow },
        { """{"Effect":"Allow","Action":"ram:Get*","Resource":"*"}""", "ram:ListUsers", "*", PolicyDecision.ImplicitDeny },
        { """{"Effect":"Allow","Action":"ram:?etUser","Resource":"*"}""", "ram:GetUser", "*", PolicyDecision.Allow },
        { """{"Effect":"Allow","Action":"ram:?etUser","Resource":"*"}""", "ram:GGetUser", "*", PolicyDecision.ImplicitDeny },
        { """{"Effect":"Allow","Action":"*","Resource":"*"}""", "widgets:ListWidgets", "*", PolicyDecision.Allow },
        { """{"Effect":"Allow","Action":"widgets:*","Resource":"*"}""", "widgets:ListWidgets", "*", PolicyDecision.Allow },
        { """{"Effect":"Allow","Action":"widgets:*","Resource":"*"}""", "ram:ListUsers", "*", PolicyDecision.ImplicitDeny },
        { """{"Effect":"Allow","Action":"*:List*","Resource":"*"}""", "ims:ListThings", "*", PolicyDecision.Allow },
        { """{"Effect":"Allow","Action":["ram:GetUser","ram:ListUsers"],"Resource":"*"}""", "ram:ListUsers", "*", PolicyDecision.Allow },
        { """{"Effect":"Allow","NotAction":"ram:Delete*","Resource":"*"}""", "ram:CreateUser", "*", PolicyDecision.Allow },
        { """{"Effect":"Allow","NotAction":"ram:Delete*","Resource":"*"}""", "ram:DeleteUser", "*", PolicyDecision.ImplicitDeny },

        // Resource: exact, wildcards, case-sensitive, empty region of a RAM ARN means "*".
        { """{"Effect":"Allow","Action":"ram:*","Resource":"acs:ram:*:1234567890123456:user/alice"}""", "ram:GetUser", "acs:ram:*:1234567890123456:user/alice", PolicyDecision.Allow },
        { """{"Effect":"Allow","Action":"ram:*","Resource":"acs:ram:*:1234567890123456:user/alice"}""", "ram:GetUser", "acs:ram:*:1234567890123456:user/bob", PolicyDecision.ImplicitDeny },
        { """{"Effect":"Allow","Action":"ram:*","Resource":"acs:ram:*:1234567890123456:user/alice"}""", "ram:GetUser", "acs:ram:*:1234567890123456:user/Alice", PolicyDecision.ImplicitDeny },
        { """{"Effect":"Allow","Action":"ram:*","Resource":"acs:ram::1234567890123456:user/*"}""", "ram:GetUser", "acs:ram:*:1234567890123456:user/bob", PolicyDecision.Allow },
        { """{"Effect":"Allow","Action":"ram:*","Resource":"acs:ram:*:*:group/dev-*"}""", "ram:GetGroup", "acs:ram:*:1234567890123456:group/dev-ops", PolicyDecision.Allow },
        { """{"Effect":"Allow","Action":"ram:*","Resource":"acs:ram:*:*:group/dev-*"}""", "ram:GetGroup", "acs:ram:*:1234567890123456:group/ops", PolicyDecision.ImplicitDeny },
        { """{"Effect":"Allow","Action":"ram:*","Resource":["acs:ram:*:1:user/a","acs:ram:*:*:policy/*"]}""", "ram:GetPolicy", "acs:ram:*:system:policy/ReadOnlyAccess", PolicyDecision.Allow },

        // Explicit deny wins over allow, in any order.
        { """{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"ram:DeleteUser","Resource":"*"}""", "ram:DeleteUser", "*", PolicyDecision.ExplicitDeny },
        { """{"Effect":"Deny","Action":"ram:DeleteUser","Resource":"*"},{"Effect":"Allow","Action":"*","Resource":"*"}""", "ram:DeleteUser", "*", PolicyDecision.ExplicitDeny },
        { """{"Effect":"Deny","Action":"ram:DeleteUser","Resource":"*"}""", "ram:GetUser", "*", PolicyDecision.ImplicitDeny },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Evaluate_Table(string statements, string action, string resource, PolicyDecision expected)
    {
        var policy = Compile(Doc(statements));

        Assert.Equal(expected, policy.Evaluate(action, resource, Context()));
    }

    public static TheoryData<string, Func<AuthorizationContext>, bool> Conditions => new()
    {
        { """{"IpAddress":{"acs:SourceIp":["10.0.0.0/8","192.168.1.7"]}}""", () => Context("192.168.1.7"), true },
        { """{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}""", () => Context("10.20.30.40"), true },
        { """{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}""", () => Context("11.0.0.1"), false },
        { """{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}""", () => Context("::ffff:10.1.2.3"), true },
        { """{"IpAddress":{"acs:SourceIp":"2001:db8::/32"}}""", () => Context("2001:db8::1"), true },
        { """{"NotIpAddress":{"acs:SourceIp":"10.0.0.0/8"}}""", () => Context("11.0.0.1"), true },
        { """{"NotIpAddress":{"acs:SourceIp":"10.0.0.0/8"}}""", () => Context("10.0.0.1"), false },
        { """{"Bool":{"acs:SecureTransport":"true"}}""", () => Context(tls: true), true },
        { """{"Bool":{"acs:SecureTransport":true}}""", () => Context(tls: false), false },
        { """{"Bool":{"acs:MFAPresent":"true"}}""", () => Context(mfa: true), true },
        { """{"Bool":{"acs:mfapresent":"true"}}""", () => Context(mfa: false), false },
        { """{"DateLessThan":{"acs:CurrentTime":"2026-12-31T23:59:59Z"}}""", () => Context(), true },
        { """{"DateGreaterThan":{"acs:CurrentTime":"2026-12-01T19:00:00+08:00"}}""", () => Context(), true },
        { """{"DateGreaterThan":{"acs:CurrentTime":"2026-12-01T13:00:00Z"}}""", () => Context(), false },
        { """{"DateEquals":{"acs:CurrentTime":"2026-12-01T12:00:00Z"}}""", () => Context(), true },
        { """{"DateLessThanEquals":{"acs:CurrentTime":"2026-12-01T12:00:00Z"},"DateGreaterThanEquals":{"acs:CurrentTime":"2026-12-01T12:00:00Z"}}""", () => Context(), true },
        { """{"StringEquals":{"widgets:Color":["red","blue"]}}""", () => Context(values: new() { ["widgets:Color"] = "blue" }), true },
        { """{"StringEquals":{"widgets:Color":"red"}}""", () => Context(values: new() { ["widgets:Color"] = "Red" }), false },
        { """{"StringEqualsIgnoreCase":{"widgets:Color":"red"}}""", () => Context(values: new() { ["widgets:Color"] = "Red" }), true },
        { """{"StringNotEquals":{"widgets:Color":["red","blue"]}}""", () => Context(values: new() { ["widgets:Color"] = "green" }), true },
        { """{"StringNotEquals":{"widgets:Color":["red","blue"]}}""", () => Context(values: new() { ["widgets:Color"] = "red" }), false },
        { """{"StringNotEqualsIgnoreCase":{"widgets:Color":"red"}}""", () => Context(values: new() { ["widgets:Color"] = "RED" }), false },
        { """{"StringLike":{"widgets:Path":"/team-?/*"}}""", () => Context(values: new() { ["widgets:Path"] = "/team-a/x/y" }), true },
        { """{"StringNotLike":{"widgets:Path":"/team-?/*"}}""", () => Context(values: new() { ["widgets:Path"] = "/team-ab/x" }), true },
        { """{"StringEquals":{"widgets:Color":"red"}}""", () => Context(), false },
        { """{"StringNotEquals":{"widgets:Color":"red"}}""", () => Context(), true },
        { """{"NumericLessThan":{"widgets:Count":10}}""", () => Context(values: new() { ["widgets:Count"] = "9.5" }), true },
        { """{"NumericLessThanEquals":{"widgets:Count":"10"}}""", () => Context(values: new() { ["widgets:Count"] = "10" }), true },
        { """{"NumericGreaterThan":{"widgets:Count":10}}""", () => Context(values: new() { ["widgets:Count"] = "10" }), false },
        { """{"NumericGreaterThanEquals":{"widgets:Count":10}}""", () => Context(values: new() { ["widgets:Count"] = "10" }), true },
        { """{"NumericEquals":{"widgets:Count":[1,2,3]}}""", () => Context(values: new() { ["widgets:Count"] = "2" }), true },
        { """{"NumericNotEquals":{"widgets:Count":[1,2,3]}}""", () => Context(values: new() { ["widgets:Count"] = "2" }), false },
        { """{"NumericEquals":{"widgets:Count":1}}""", () => Context(values: new() { ["widgets:Count"] = "one" }), false },
        // Several keys and several operators: all must hold.
        { """{"IpAddress":{"acs:SourceIp":"192.168.0.0/16"},"Bool":{"acs:SecureTransport":"true"}}""", () => Context("192.168.1.7", tls: false), false },
        { """{"IpAddress":{"acs:SourceIp":"192.168.0.0/16"},"Bool":{"acs:SecureTransport":"true"}}""", () => Context("192.168.1.7", tls: true), true },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public void Conditions_Table(string condition, Func<AuthorizationContext> context, bool holds)
    {
        var policy = Compile(Doc($$"""{"Effect":"Allow","Action":"*","Resource":"*","Condition":{{condition}}}"""));

        Assert.Equal(holds ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny, policy.Evaluate("ram:GetUser", "*", context()));
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",", "not valid JSON at line 1" },
        { "{\"Version\":\"1\",\n \"Statement\": [ {\"Effect\":\"Allow\" \"Action\":\"*\"} ]}", "not valid JSON at line 2" },
        { "[]", "(document): must be a JSON object" },
        { """{"Version":1,"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", "Version: must be the string \"1\"" },
        { """{"Version":"2","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", "Version: must be the string \"1\"" },
        { """{"Version":"1","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""", "Statement: must be an array" },
        { """{"Version":"1","Statement":[]}""", "Statement: must hold at least one statement" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}],"Id":"x"}""", "Id: is not an element of a policy document" },
        { """{"Version":"1","Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", "(document).Version: appears twice" },
        { """{"Version":"1","Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]}""", "Statement[0].Effect: must be \"Allow\" or \"Deny\"" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Action":"*","Resource":"*"}]}""", "Statement[1].Effect: is required" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Resource":"*"}]}""", "Statement[0].Action: is required" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":"*"}]}""", "Statement[0].Resource: is required" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":[],"Resource":"*"}]}""", "Statement[0].Action: must be a string or a non-empty array" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:GetUser",3],"Resource":"*"}]}""", "Statement[0].Action: must be a string or a non-empty array" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:GetUser","GetUser"],"Resource":"*"}]}""", "Statement[0].Action[1]: \"GetUser\" is not an action" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:Get User","Resource":"*"}]}""", "Statement[0].Action[0]" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","NotAction":"ram:x","Resource":"*"}]}""", "Statement[0].NotAction: a statement has either Action or NotAction" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"user/alice"}]}""", "Statement[0].Resource[0]: \"user/alice\" is not a resource" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","NotResource":"*"}]}""", "Statement[0].NotResource: is not an element of a statement" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Principal":{"RAM":"*"}}]}""", "Statement[0].Principal: is allowed only in a role's trust policy" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ArnLike":{"acs:x":"y"}}}]}""", "Statement[0].Condition.ArnLike: is not a condition operator" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualsIfExists":{"acs:x":"y"}}}]}""", "Statement[0].Condition.StringEqualsIfExists: is not a condition operator" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.300"}}}]}""", "Statement[0].Condition.IpAddress.acs:SourceIp: \"10.0.0.300\" is not an IP address" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateLessThan":{"acs:CurrentTime":"tomorrow"}}}]}""", "Statement[0].Condition.DateLessThan.acs:CurrentTime: \"tomorrow\" is not an ISO 8601 time" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"a:b":"ten"}}}]}""", "\"ten\" is not a number" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"acs:MFAPresent":"yes"}}}]}""", "\"yes\" is not true or false" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"nocolon":"y"}}}]}""", "Statement[0].Condition.StringEquals.nocolon: is not a condition key" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{}}}]}""", "Statement[0].Condition.StringEquals: must be an object of condition keys" },
        { """{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"a:b":{"x":1}}}}]}""", "Statement[0].Condition.StringEquals.a:b: must be a value or a non-empty array" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Compile_Malformed_ReturnsMalformedPolicyDocumentNamingTheFault(string document, string fault)
    {
        var compiled = PolicyDocument.Compile(document);

        Assert.False(compiled.IsSuccess);
        Assert.Equal("MalformedPolicyDocument", compiled.Error.Code);
        Assert.Equal(400, compiled.Error.HttpStatus);
        Assert.Contains(fault, compiled.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_TooLongOrEmpty_ReturnsAlibabasCodes()
    {
        var padded = Doc("""{"Effect":"Allow","Action":"*","Resource":"*"}""").Replace("{\"Effect\"", new string(' ', PolicyDocument.MaxLength) + "{\"Effect\"", StringComparison.Ordinal);

        Assert.Equal("InvalidParameter.PolicyDocument.Length", PolicyDocument.Compile(padded).Error?.Code);
        Assert.Equal("MissingPolicyDocument", PolicyDocument.Compile("").Error?.Code);
        Assert.True(PolicyDocument.Compile(Doc("""{"Sid":"ok","Effect":"Allow","Action":"*","Resource":"*"}""")).IsSuccess);
    }

    [Fact]
    public void Evaluate_AllocatesNothing()
    {
        var policy = Compile(Doc("""
            {"Effect":"Deny","Action":"ram:Delete*","Resource":"*"},
            {"Effect":"Allow","Action":["ram:Get*","ram:List*"],"Resource":"acs:ram:*:1234567890123456:user/*","Condition":{"IpAddress":{"acs:SourceIp":"192.168.0.0/16"},"DateLessThan":{"acs:CurrentTime":"2030-01-01T00:00:00Z"},"Bool":{"acs:SecureTransport":"false"}}}
            """));
        var context = Context();
        const string Resource = "acs:ram:*:1234567890123456:user/alice";
        Assert.Equal(PolicyDecision.Allow, policy.Evaluate("ram:GetUser", Resource, context));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            policy.Evaluate("ram:GetUser", Resource, context);
            policy.Evaluate("ram:DeleteUser", Resource, context);
            policy.Evaluate("ram:CreateUser", Resource, context);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// Property: adding a Deny statement to any document never widens what it allows. Documents
    /// and requests are drawn from a seeded generator over the language's parts; every request
    /// allowed after the addition was allowed before.
    /// </summary>
    [Fact]
    public void AddingADenyStatement_NeverWidensWhatIsAllowed()
    {
        var random = new Xorshift(20261201);
        string[] actions = ["*", "ram:*", "ram:Get*", "ram:?etUser", "ram:ListUsers", "ram:DeleteUser", "widgets:*", "*:List*", "ims:Get*"];
        string[] resources = ["*", "acs:ram:*:1234567890123456:user/*", "acs:ram::1234567890123456:user/alice", "acs:ram:*:*:group/dev-*", "acs:ram:*:1234567890123456:*", "acs:widgets:*:*:widget/?"];
        string[] conditions =
        [
            "",
            ""","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}""",
            ""","Condition":{"NotIpAddress":{"acs:SourceIp":"10.0.0.0/8"}}""",
            ""","Condition":{"Bool":{"acs:SecureTransport":"true"}}""",
            ""","Condition":{"StringNotEquals":{"widgets:Color":"red"}}""",
            ""","Condition":{"DateLessThan":{"acs:CurrentTime":"2026-12-01T12:00:00Z"}}""",
        ];
        string[] requestActions = ["ram:GetUser", "ram:ListUsers", "ram:DeleteUser", "widgets:ListWidgets", "ims:GetThing", "sts:AssumeRole"];
        string[] requestResources = ["acs:ram:*:1234567890123456:user/alice", "acs:ram:*:1234567890123456:user/bob", "acs:ram:*:1234567890123456:group/dev-a", "acs:widgets:*:1:widget/7", "acs:ram:*:1234567890123456:*"];
        AuthorizationContext[] contexts = [Context("10.1.2.3"), Context("8.8.8.8", tls: true), Context(values: new() { ["widgets:Color"] = "red" }), Context(time: Now.AddDays(1))];

        string Statement(string effect)
        {
            var a = random.Next(3) == 0
                ? $"[\"{actions[random.Next(actions.Length)]}\",\"{actions[random.Next(actions.Length)]}\"]"
                : $"\"{actions[random.Next(actions.Length)]}\"";
            var notAction = random.Next(6) == 0 ? "NotAction" : "Action";
            return $$"""{"Effect":"{{effect}}","{{notAction}}":{{a}},"Resource":"{{resources[random.Next(resources.Length)]}}"{{conditions[random.Next(conditions.Length)]}}}""";
        }

        for (var round = 0; round < 300; round++)
        {
            var statements = Enumerable.Range(0, 1 + random.Next(4)).Select(_ => Statement(random.Next(3) == 0 ? "Deny" : "Allow")).ToList();
            var before = Compile(Doc(string.Join(",", statements)));
            var withDeny = statements.ToList();
            withDeny.Insert(random.Next(withDeny.Count + 1), Statement("Deny"));
            var after = Compile(Doc(string.Join(",", withDeny)));

            foreach (var action in requestActions)
            {
                foreach (var resource in requestResources)
                {
                    foreach (var context in contexts)
                    {
                        if (after.Evaluate(action, resource, context) is PolicyDecision.Allow)
                        {
                            Assert.Equal(PolicyDecision.Allow, before.Evaluate(action, resource, context));
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void SystemPolicies_AreRealDocuments_ThatCompile()
    {
        foreach (var system in Latchkey.Core.Authorization.SystemPolicies.All)
        {
            Assert.True(PolicyDocument.Compile(system.Document).IsSuccess, system.PolicyName);
            Assert.Equal("1", JsonNode.Parse(system.Document)!["Version"]!.GetValue<string>());
        }
    }

    /// <summary>A seeded generator, so a failing case is reproducible (System.Random is banned in the repository).</summary>
    private sealed class Xorshift(ulong seed)
    {
        private ulong _state = seed;

        public int Next(int bound)
        {
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            return (int)(_state % (ulong)bound);
        }
    }
}
