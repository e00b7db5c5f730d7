-- Opens an iTerm2 window with a plain shell, names its session and types a command line into it
-- (the tab outlives the command). argv: {command line, title}.
-- Output: window id, session id, tty, each followed by US.
on run argv
	set commandLine to item 1 of argv
	set theTitle to item 2 of argv
	set US to character id 31
	tell application id "com.googlecode.iterm2"
		set w to (create window with default profile)
		set s to current session of w
		set name of s to theTitle
		tell s to write text commandLine newline yes
		return ((id of w) as text) & US & (id of s) & US & (tty of s) & US
	end tell
end run
