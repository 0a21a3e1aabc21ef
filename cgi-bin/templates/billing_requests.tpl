{{%AUTOESCAPE context="HTML"}}
<section class="card billing-requests">
  <h1>Billing requests</h1>
  <p class="note">Every request the customer billing system sent, newest first — also those for an account this system does not know, which no profile shows.</p>
  <form method="get" action="{{ACTION}}" class="filters" id="billing-requests-filter" role="search">
    <label>Account <input type="search" name="account" value="{{ACCOUNT}}" maxlength="64" placeholder="e.g. ACC-100042"></label>
    <label>Result
      <select name="result">
        <option value="">Any</option>
        {{#RESULT_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{VALUE}}</option>
        {{/RESULT_OPTION}}
      </select>
    </label>
    <label>Type
      <select name="type">
        <option value="">All types</option>
        {{#TYPE_OPTION}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{CODE}} — {{LABEL}}</option>
        {{/TYPE_OPTION}}
      </select>
    </label>
    <label><input type="checkbox" name="unknown" value="1"{{#UNKNOWN_ONLY}} checked{{/UNKNOWN_ONLY}}> Unknown accounts only</label>
    {{>LIMIT}}
    <button type="submit">Filter</button>
    <a href="{{CSV_HREF}}" class="download" download>Download CSV</a>
  </form>
  <table class="grid" id="billing-requests-table">
    {{>THEAD}}
    {{#ROW}}
    <tbody class="billing-event result-{{RESULT}}">
      <tr data-event-id="{{ID}}" data-result="{{RESULT}}">
        <td class="request-id"><code>{{REQUEST_ID}}</code></td>
        <td>{{ACCOUNT}}</td>
        <td>{{#USER}}<a href="/admin/users/{{USER_ID}}?tab=billing-events">{{USER_ID}}</a>{{/USER}}{{#NO_USER}}<span class="empty">unknown account</span>{{/NO_USER}}</td>
        <td class="type">
          <code>{{TYPE}}</code> — <span class="label">{{LABEL}}</span>
          {{#HAS_ERROR}}<br><span class="badge badge-failed">failed</span> <span class="reason">{{ERROR}}</span>{{/HAS_ERROR}}
          {{#HAS_NOTE}}<br><span class="noop">{{NOTE}}</span>{{/HAS_NOTE}}
          {{#HAS_SENT_TYPE}}<br><span class="sent-type">sent as <code>{{SENT_TYPE}}</code></span>{{/HAS_SENT_TYPE}}
        </td>
        <td class="created"><time datetime="{{CREATED_AT_ISO}}">{{CREATED_AT}}</time></td>
      </tr>
      <tr class="payload-row" data-payload-of="{{ID}}">
        <td colspan="5">
          <details>
            <summary>Request as sent</summary>
            <pre class="payload">{{PAYLOAD:pre_escape}}</pre>
          </details>
        </td>
      </tr>
    </tbody>
    {{/ROW}}
    {{#EMPTY}}<tbody><tr><td colspan="5" class="empty">No billing request matches.</td></tr></tbody>{{/EMPTY}}
  </table>
  {{>PAGER}}
</section>
