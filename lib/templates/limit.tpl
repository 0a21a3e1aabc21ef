{{%AUTOESCAPE context="HTML"}}
<label>Per page <select name="limit">{{#OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{VALUE}}</option>{{/OPTION}}</select></label>{{#ORDER}}<input type="hidden" name="sort" value="{{SORT}}"><input type="hidden" name="dir" value="{{DIR}}">{{/ORDER}}
