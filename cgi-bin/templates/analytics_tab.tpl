{{%AUTOESCAPE context="HTML"}}
<section class="tab-analytics" data-tab="analytics" data-user-id="{{USER_ID}}">
  {{#MESSAGE}}<div class="note saved" role="status"><p>{{TEXT}}</p></div>{{/MESSAGE}}
  {{#NOT_OFFERED}}<p class="note" id="analytics-not-offered">This user holds no licence now and has no hidden cases: its profile no longer offers the Analytics tab.</p>{{/NOT_OFFERED}}
  {{#SUBUSER}}<p class="note">A sub-user: it uses the licences of <a href="/admin/users/{{OWNER_ID}}">its parent ({{OWNER_ID}})</a>, shown here with what the parent and its sub-users use of them; the cases below are the sub-user's own.</p>{{/SUBUSER}}
  <table class="grid licences" id="licences-table">
    <caption>Analytics licences</caption>
    <thead><tr><th scope="col">Video analytics level</th><th scope="col">Total</th><th scope="col">Used</th><th scope="col">Free</th></tr></thead>
    <tbody>
    {{#LEVEL}}
      <tr data-level="{{CODE}}" class="licence{{#OVER}} over{{/OVER}}">
        <th scope="row">{{CODE}} <span class="label">{{LABEL}}</span></th>
        <td class="total">{{#READ}}{{TOTAL}}{{/READ}}{{#EDIT}}<form method="post" action="/admin/users/{{USER_ID}}/analytics/licenses" class="inline licence-form" data-fetch><input type="hidden" name="level" value="{{CODE}}"><input type="number" name="total" value="{{TOTAL}}" min="0" max="100000" step="1" required aria-label="Total {{CODE}} licences"> <button type="submit">Save</button></form>{{/EDIT}}</td>
        <td class="used">{{USED}}{{#SHARED}} <span class="note">({{USED_OWN}} in this user's cases)</span>{{/SHARED}}</td>
        <td class="free">{{FREE}}{{#OVER}} <span class="badge badge-over">over by {{OVER_BY}}</span>{{/OVER}}</td>
      </tr>
      {{#HIDDEN}}<tr class="hidden-cases" data-level="{{CODE}}"><td colspan="4"><p class="warning">{{N}} {{CASES}} hidden since {{#SINCE_AT}}<time datetime="{{SINCE_ISO}}">{{SINCE}}</time>{{/SINCE_AT}}{{#SINCE_GONE}}the licence went{{/SINCE_GONE}}{{#PURGE}}; deleted permanently on <time datetime="{{DELETE_ON_ISO}}">{{DELETE_ON}}</time> unless a licence of this level is given back{{/PURGE}}.</p></td></tr>{{/HIDDEN}}
    {{/LEVEL}}
    </tbody>
  </table>
  <h2>Cases</h2>
  <form method="get" action="{{ACTION}}" class="filters" id="analytics-filter">
    <label>Level
      <select name="level">
        <option value="">All levels</option>
        {{#LEVEL_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{VALUE}}</option>
        {{/LEVEL_OPTION}}
      </select>
    </label>
    <label>Status
      <select name="status">
        <option value="">All statuses</option>
        {{#STATUS_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
        {{/STATUS_OPTION}}
      </select>
    </label>
    {{>LIMIT}}
    <button type="submit">Apply</button>
    <a href="{{CSV_HREF}}" class="download" download>Download CSV</a>
  </form>
  <table class="grid" id="cases-table">
    {{>THEAD}}
    <tbody>
    {{#ROW}}
      <tr data-case-id="{{ID}}" data-level="{{LEVEL}}">
        <td>{{NAME}}</td>
        <td>{{TYPE}} <code class="slug">{{SLUG}}</code></td>
        <td>{{LEVEL}}</td>
        <td><span class="badge badge-{{STATUS}}" data-status="{{STATUS}}">{{STATUS_WORD}}</span></td>
        <td class="cameras">{{#SOME_CAMERAS}}<details><summary>{{CAMERAS}}</summary><ul class="camera-names">{{#CAMERA_NAMES_ITEM}}<li>{{VALUE}}</li>{{/CAMERA_NAMES_ITEM}}</ul>{{#OUT_OF_SCOPE}}<p class="note">{{N}} outside your scope</p>{{/OUT_OF_SCOPE}}</details>{{/SOME_CAMERAS}}{{#NO_CAMERAS}}0{{/NO_CAMERAS}}</td>
        <td>{{EVENTS}}</td>
        <td class="created"><time datetime="{{CREATED_AT_ISO}}">{{CREATED_AT}}</time></td>
      </tr>
    {{/ROW}}
    {{#EMPTY}}<tr><td colspan="7" class="empty">No cases to show.</td></tr>{{/EMPTY}}
    </tbody>
  </table>
  {{>PAGER}}
</section>
