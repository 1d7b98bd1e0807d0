using System.Text;
using PeftU.Abstractions.IO;
using PeftU.Abstractions.Tasks;

namespace PeftU.Data.Format;

/// <summary>Writes a prepared <c>user_data_leaked.json</c> only if reading it back passes the same validation every
/// command applies to data (<see cref="UserDataReader"/> with the task's labels) and it has users: a preparer can never
/// write a file that <c>data stats</c> or <c>run</c> then rejects (an unknown label such as "Maybe"), nor a 0-user file
/// from a header-only or blank raw file.</summary>
public static class PreparedData
{
    public static void Write(string path, PersonalizedDataset dataset, IReadOnlyCollection<string> labels, string rawPath)
    {
        if (dataset.Users.Count == 0)
            throw new DataFormatException(rawPath, ["no annotations (a header only, or a blank file); nothing to prepare"]);
        string json = UserDataWriter.ToJson(dataset);
        try
        {
            UserDataReader.Parse(Encoding.UTF8.GetBytes(json), path, labels);
        }
        catch (DataFormatException e)
        {
            throw new DataFormatException(rawPath, [.. e.Problems.Select(p => p + " (in the prepared data; nothing was written)")]);
        }
        AtomicFile.WriteAllText(path, json);
    }
}
