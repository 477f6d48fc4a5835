using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Latchkey.Server.Api;

namespace Latchkey.Server.Tests.Api;

public sealed class ApiResponseWriterTests
{
    [Fact]
    public void ToXml_CharactersXmlCannotCarry_BecomeReplacementCharacters()
    {
        var root = new JsonObject { ["Comments"] = "a\u0001b\uD800", ["DisplayName"] = "张 😀" };

        var xml = XDocument.Parse(Encoding.UTF8.GetString(ApiResponseWriter.ToXml("GetUserResponse", root))).Root!;

        Assert.Equal("a\uFFFDb\uFFFD", xml.Element("Comments")!.Value);
        Assert.Equal("张 😀", xml.Element("DisplayName")!.Value);
    }

    [Fact]
    public void ToXml_ListsAndBooleans_FollowAlibabaShapes()
    {
        var root = new JsonObject
        {
            ["IsTruncated"] = false,
            ["AccessKeys"] = new JsonObject { ["AccessKey"] = new JsonArray(new JsonObject { ["AccessKeyId"] = "LK1" }, new JsonObject { ["AccessKeyId"] = "LK2" }) },
        };

        var xml = XDocument.Parse(Encoding.UTF8.GetString(ApiResponseWriter.ToXml("ListAccessKeysResponse", root))).Root!;

        Assert.Equal("false", xml.Element("IsTruncated")!.Value);
        Assert.Equal(["LK1", "LK2"], xml.Element("AccessKeys")!.Elements("AccessKey").Select(k => k.Element("AccessKeyId")!.Value));
    }
}
