using PeftU.Abstractions.Tasks;
using System.Text;
using PeftU.Abstractions.IO;

namespace PeftU.Data.Format;

/// <summary>Writes <c>user_data_leaked.json</c> with the original's key order and byte format (see <see cref="PythonJson"/>),
/// atomically.</summary>
public static class UserDataWriter
{
    public static void Write(string path, PersonalizedDataset dataset) => AtomicFile.WriteAllText(path, ToJson(dataset));

    public static string ToJson(PersonalizedDataset dataset)
    {
        var json = new StringBuilder();
        json.Append('{');
        for (int u = 0; u < dataset.Users.Count; u++)
        {
            var user = dataset.Users[u];
            if (u > 0)
                json.Append(", ");
            PythonJson.WriteString(json, user.UserId);
            json.Append(": {");
            for (int s = 0; s < SplitNames.All.Count; s++)
            {
                var split = SplitNames.All[s];
                if (s > 0)
                    json.Append(", ");
                PythonJson.WriteString(json, split.Key());
                json.Append(": {");
                var samples = user[split];
                for (int i = 0; i < samples.Count; i++)
                {
                    if (i > 0)
                        json.Append(", ");
                    PythonJson.WriteString(json, samples[i].Id);
                    if (samples[i].JsonFields is { } fields)
                    {
                        WriteFields(json, fields);
                        continue;
                    }
                    json.Append(": {\"text\": ");
                    PythonJson.WriteString(json, samples[i].Text);
                    json.Append(", \"label\": [");
                    for (int l = 0; l < samples[i].Labels.Count; l++)
                    {
                        if (l > 0)
                            json.Append(", ");
                        PythonJson.WriteString(json, samples[i].Labels[l]);
                    }
                    json.Append("]}");
                }
                json.Append('}');
            }
            json.Append('}');
        }
        json.Append('}');
        return json.ToString();
    }

    private static void WriteFields(StringBuilder json, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        json.Append(": {");
        for (int f = 0; f < fields.Count; f++)
        {
            if (f > 0)
                json.Append(", ");
            PythonJson.WriteString(json, fields[f].Key);
            json.Append(": ").Append(fields[f].Value);
        }
        json.Append('}');
    }
}
