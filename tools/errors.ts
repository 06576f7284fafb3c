/**
 * An error the user can fix: bad flags, bad stack or policy config, a program that cannot run offline,
 * an unreadable input file. The CLIs print its message (no stack trace) and exit 2.
 */
export class UserInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UserInputError";
    }
}

export const EXIT_OK = 0;
export const EXIT_MANDATORY_VIOLATION = 1;
export const EXIT_BAD_INPUT = 2;
