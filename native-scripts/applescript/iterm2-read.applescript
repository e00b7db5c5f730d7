-- Reads one iTerm2 session by its unique id. argv: {nonce, session id}.
-- Output: fields each followed by US & nonce: "tower-iterm2-read-v1", columns, rows, name, contents.
-- Errors: -1728 when no session has that id.
on run argv
	set nonce to item 1 of argv
	set targetId to item 2 of argv
	set US to (character id 31) & nonce
	if application id "com.googlecode.iterm2" is not running then error "iTerm2 is not running" number -600
	set s to my findSession(targetId)
	tell application id "com.googlecode.iterm2"
		set theColumns to (columns of s) as text
		set theRows to (rows of s) as text
		set theName to name of s
		set theContents to contents of s
	end tell
	return "tower-iterm2-read-v1" & US & theColumns & US & theRows & US & theName & US & theContents & US
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
