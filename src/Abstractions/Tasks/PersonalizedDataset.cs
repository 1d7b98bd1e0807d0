namespace PeftU.Abstractions.Tasks;

/// <summary>A task's users in file order (the original's <c>user_data_leaked.json</c>).</summary>
public sealed record PersonalizedDataset(IReadOnlyList<UserData> Users)
{
    /// <summary>Users in the order the original iterates them for training (<see cref="UserOrder.Sort"/>).</summary>
    public IReadOnlyList<UserData> UsersInRunOrder() => UserOrder.Sort(Users, u => u.UserId);

    public UserData? Find(string userId) => Users.FirstOrDefault(u => u.UserId == userId);
}
