// The check character of an 18-digit 公民身份号码 (GB 11643-1999): one place for the weights.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The 18th character for the first 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** 17 digits and the right check character (format only; the birth date is not checked here). */
export function hasValidResidentIdChecksum(value: string): boolean {
  return /^\d{17}[\dX]$/.test(value) && residentIdCheckCharacter(value) === value[17];
}
