/** An email body is HTML when it starts (after whitespace) with `<html` or `<!DOCTYPE html`. */
export function isHtmlBody(body: string): boolean {
  return /^\s*(<html|<!doctype html)/i.test(body);
}
