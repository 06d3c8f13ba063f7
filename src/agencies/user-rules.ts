// Rules on user accounts (pure).

/** Lower-case letters, digits, '.', '_' and '-', 2 to 32 characters, starting with a letter or digit. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,31}$/;

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

export function userProblems(input: { username: string; displayName: string }): string[] {
  const problems: string[] = [];
  if (!USERNAME_PATTERN.test(input.username)) {
    problems.push('用户名须为2至32位小写字母、数字或“.”“_”“-”，并以字母或数字开头');
  }
  const displayName = input.displayName.trim();
  if (displayName === '') problems.push('姓名不能为空');
  else if ([...displayName].length > 50) problems.push('姓名不能超过50个字');
  return problems;
}
