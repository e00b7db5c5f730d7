-- Brings one iTerm2 session to the front (its window, tab and pane), found by its unique id.
-- argv: {session id}. Types nothing. Errors: -1728 when no session has that id.
on run argv
	set targetId to item 1 of argv
	if application id "com.googlecode.iterm2" is not running then error "iTerm2 is not running" number -600
	tell application id "com.googlecode.iterm2"
		repeat with w in windows
			repeat with t in tabs of w
				repeat with s in sessions of t
					try
						if (id of s) is targetId then
							select w
							tell t to select
							tell s to select
							activate
							return "focused"
						end if
					end try
				end repeat
			end repeat
		end repeat
	end tell
	error "no iTerm2 session has that id any more" number -1728
end run
