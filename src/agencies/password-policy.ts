// Password rules (pure). The default is compatible with 等保 2.0: at least 8 characters, three of
// the four character classes, not containing the username, not a well-known password.

export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  /** How many of: lower case, upper case, digits, other characters. */
  minClasses: 1 | 2 | 3 | 4;
  /** Refuse passwords that contain the username (case-insensitive). */
  forbidUsername: boolean;
  /** Refuse the built-in list of common passwords (case-insensitive). */
  forbidCommon: boolean;
}

export const DEFAULT_PASSWORD_POLICY: Readonly<PasswordPolicy> = Object.freeze({
  minLength: 8,
  maxLength: 128,
  minClasses: 3,
  forbidUsername: true,
  forbidCommon: true,
});

/** Passwords that pass the class rules and are still among the first an attacker tries. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  [
    'password',
    'password1',
    'password1!',
    'passw0rd',
    'passw0rd!',
    'p@ssw0rd',
    'p@ssword',
    'p@ssword1',
    'p@ssw0rd1',
    'admin123',
    'admin@123',
    'admin123!',
    'admin@1234',
    'admin@12345',
    'administrator1',
    'root@123',
    'root123!',
    'test@123',
    'test1234!',
    'abc@123',
    'abc12345',
    'abc@1234',
    'abcd1234',
    'abcd@1234',
    'abc123456',
    'a1234567',
    'a12345678',
    'a123456789',
    'aa123456',
    'aa123456.',
    'aa123456!',
    'aa111111',
    'ab123456',
    'qq123456',
    'zz123456',
    'qwer1234',
    'qwer@1234',
    'qwe123!@#',
    'qwerty123',
    'qwerty1!',
    '1qaz2wsx',
    '1qaz@wsx',
    '1qaz!qaz',
    '1q2w3e4r',
    '1q2w3e4r!',
    'zaq12wsx',
    'woaini1314',
    'woaini520',
    'iloveyou1',
    'welcome1',
    'welcome@123',
    'changeme1',
    'huawei@123',
    'sangfor@123',
    'gongkai@123',
    'gongkai123',
    'zhengfu@123',
    '12345678',
    '123456789',
    '1234567890',
    '11111111',
    '88888888',
    '123123123',
    '12345678a',
    '12345678a!',
  ].map((p) => p.toLowerCase()),
);

export function characterClasses(password: string): number {
  let classes = 0;
  if (/[a-z]/.test(password)) classes++;
  if (/[A-Z]/.test(password)) classes++;
  if (/[0-9]/.test(password)) classes++;
  if (/[^a-zA-Z0-9]/.test(password)) classes++;
  return classes;
}

/** The problems with a password, as Chinese sentences; empty when it is acceptable. */
export function checkPasswordPolicy(
  password: string,
  username: string,
  policy: Readonly<PasswordPolicy> = DEFAULT_PASSWORD_POLICY,
): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < policy.minLength) problems.push(`密码长度至少为${policy.minLength}位`);
  if (length > policy.maxLength) problems.push(`密码长度不能超过${policy.maxLength}位`);
  if (characterClasses(password) < policy.minClasses) {
    problems.push(`密码须包含大写字母、小写字母、数字、特殊字符中的至少${policy.minClasses}类`);
  }
  const name = username.trim().toLowerCase();
  if (policy.forbidUsername && name !== '' && password.toLowerCase().includes(name)) {
    problems.push('密码不能与用户名相同，也不能包含用户名');
  }
  if (policy.forbidCommon && COMMON_PASSWORDS.has(password.toLowerCase())) {
    problems.push('该密码过于常见，容易被猜中，请换一个');
  }
  return problems;
}
