-- Writes text to one iTerm2 session, found by its unique id, with or without a newline.
-- argv: {session id, text, "newline" | "no-newline"}. "newline no" sends the text verbatim.
-- Errors: -1728 when no session has that id.
on run argv
	set targetId to item 1 of argv
	set theText to item 2 of argv
	set mode to item 3 of argv
	if application id "com.googlecode.iterm2" is not running then error "iTerm2 is not running" number -600
	set s to my findSession(targetId)
	tell application id "com.googlecode.iterm2"
		if mode is "newline" then
			tell s to write text theText newline yes
		else
			tell s to write text theText newline no
		end if
	end tell
	return "sent"
end run

on findSession(targetId)
	tell application id "com.googlecode.iterm2"
		repeat with w in windows
			repeat with t in tabs of w
				repeat with s in sessions of t
					try
						if (id of s) is targetId then return s
					end try
				end repeat
			end repeat
		end repeat
	end tell
	error "no iTerm2 session has that id any more" number -1728
end findSession
